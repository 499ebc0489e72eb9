// Vite's `?raw` suffix: the file's source text (tests load such files into dynamic workers).
declare module "*?raw" {
  const source: string;
  export default source;
}
