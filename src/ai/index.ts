/** Generation: models, the one call wrapper, replayed transcripts, prompts and the edit protocol. */
export * from "./providers";
export * from "./config";
export * from "./generate";
export * from "./prompts";
export * from "./replay";
export * from "./protocol";
