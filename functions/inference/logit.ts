/** The stacker's clamp before the logit (scripts/train/ensemble.py, EPS): a score of 0 or 1 stays finite. */
const SCORE_EPS = 1e-6;

/** logit(score) as the ensembles' stacker takes it of its members' scores. */
export const logit = (score: number) => {
  const p = Math.min(Math.max(score, SCORE_EPS), 1 - SCORE_EPS);
  return Math.log(p / (1 - p));
};
