-- The species a job's pairs come from (its set's name) and that species' domain: a gated ensemble scores
-- every pair of the job with the domain's head, as /v1/predict does for a request that names a species.
ALTER TABLE jobs ADD COLUMN species TEXT;
ALTER TABLE jobs ADD COLUMN species_domain TEXT CHECK (species_domain IN ('plant', 'animal'));
