/** The model /v1/predict uses when the request names none. */
export const DEFAULT_MODEL = "ensemble";
