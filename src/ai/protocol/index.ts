export * from "./parse";
export * from "./apply";
export * from "./placeholders";
export * from "./plan-json";
