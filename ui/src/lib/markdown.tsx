import type { ReactNode } from "react";

/**
 * A deliberately small Markdown subset for assistant replies: paragraphs, bullet and numbered
 * lists, **bold**, *italic* and `code`. Everything becomes React text nodes, never HTML, so a
 * reply cannot inject markup.
 */
export function Markdown({ text }: { text: string }) {
  const blocks: ReactNode[] = [];
  const lines = text.replace(/\r\n/g, "\n").split("\n");
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    if (!line.trim()) {
      i++;
      continue;
    }
    if (line.trim().startsWith("```")) {
      const code: string[] = [];
      i++;
      while (i < lines.length && !lines[i]!.trim().startsWith("```")) code.push(lines[i++]!);
      i++;
      blocks.push(
        <pre
          key={blocks.length}
          className="overflow-x-auto rounded-md bg-stone-100 p-2 font-mono text-xs dark:bg-stone-800"
        >
          {code.join("\n")}
        </pre>,
      );
      continue;
    }
    const bullet = /^\s*[-*•]\s+/;
    const numbered = /^\s*\d+[.)]\s+/;
    if (bullet.test(line) || numbered.test(line)) {
      const ordered = numbered.test(line);
      const pattern = ordered ? numbered : bullet;
      const items: string[] = [];
      while (i < lines.length && pattern.test(lines[i]!)) items.push(lines[i++]!.replace(pattern, ""));
      const List = ordered ? "ol" : "ul";
      blocks.push(
        <List key={blocks.length} className={`${ordered ? "list-decimal" : "list-disc"} space-y-0.5 pl-5`}>
          {items.map((item, n) => (
            <li key={n}>{inline(item)}</li>
          ))}
        </List>,
      );
      continue;
    }
    const para: string[] = [];
    while (
      i < lines.length &&
      lines[i]!.trim() &&
      !bullet.test(lines[i]!) &&
      !numbered.test(lines[i]!) &&
      !lines[i]!.trim().startsWith("```")
    )
      para.push(lines[i++]!);
    const heading = /^#{1,6}\s+/.test(para[0] ?? "");
    blocks.push(
      <p key={blocks.length} className={heading ? "font-semibold" : undefined}>
        {inline(para.join(" ").replace(/^#{1,6}\s+/, ""))}
      </p>,
    );
  }
  return <div className="space-y-2 break-words">{blocks}</div>;
}

/** `code`, **bold** and *italic* inside a line. */
function inline(text: string): ReactNode[] {
  const out: ReactNode[] = [];
  const pattern = /(`[^`]+`|\*\*[^*]+\*\*|\*[^*\s][^*]*\*)/g;
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    const at = match.index ?? 0;
    if (at > last) out.push(text.slice(last, at));
    const token = match[0];
    if (token.startsWith("`"))
      out.push(
        <code key={at} className="rounded bg-stone-100 px-1 font-mono text-[0.85em] dark:bg-stone-800">
          {token.slice(1, -1)}
        </code>,
      );
    else if (token.startsWith("**")) out.push(<strong key={at}>{token.slice(2, -2)}</strong>);
    else out.push(<em key={at}>{token.slice(1, -1)}</em>);
    last = at + token.length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}
