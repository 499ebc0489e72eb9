/**
 * What Kiln understands of people's words without a model: new apps from a description, and
 * plain edits. One module so that the generation can load it on first use: its English tagger
 * (compromise) takes a quarter of a second to start, which no request that does not plan should pay.
 */
export { planFromDescription } from "./heuristic";
export { interpretEdit, type EditResult } from "./offline-edits";
export { planRequest } from "./request";
export { interpretSiteEdit } from "./site-edits";
