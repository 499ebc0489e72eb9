// These files are loaded into app isolates as source text (wrangler.jsonc's Text rule), so to
// the platform each import is a string.
declare module "*/guest/main.js" {
  const source: string;
  export default source;
}
declare module "*/guest/r2.js" {
  const source: string;
  export default source;
}
declare module "*/guest/d1.js" {
  const source: string;
  export default source;
}
