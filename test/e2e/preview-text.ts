/**
 * Reading the text of `pulumi preview --diff` the way a reviewer does: which resources change, how,
 * and which of their properties the CLI marks.
 */
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
const HEADER = /^ {4}(\+-|-\+|\+\+|--|[+~-]) ?[\w-]+:[\w/-]+:(\w+): \(([\w-]+)\)$/;
const URN = /^\s+\[urn=.*::([^:\]]+)\]$/;
const PROPERTY = /^ {6}([+~-]) (\w+)\s*: ?(.*)$/;

/**
 * The outline of a `pulumi preview --diff` text: one line per changed resource,
 * `<symbol> <Kind> <name> (<op>)`, followed by its changed top-level properties as the CLI marks
 * them (`~ weight: 2 => 5`; a structured value shows its name only), ids replaced by `<id>`.
 * Unchanged resources (the stack itself) are left out. Resources come sorted by kind and name: the
 * CLI prints them in the order its parallel steps finish.
 */
export function diffOutline(text: string): string[] {
  const blocks: Array<{ key: string; lines: string[] }> = [];
  let pending: string | undefined;
  for (const line of text.split("\n")) {
    const header = HEADER.exec(line);
    if (header !== null) {
      pending = `${header[1]} ${header[2]} ? (${header[3]})`;
      continue;
    }
    const urn = URN.exec(line);
    if (urn !== null && pending !== undefined) {
      const head = pending.replace("?", urn[1]!);
      blocks.push({ key: head.replace(/^\S+ /, ""), lines: [head] });
      pending = undefined;
      continue;
    }
    const prop = PROPERTY.exec(line);
    const block = blocks[blocks.length - 1];
    if (prop !== null && block !== undefined) {
      const value = prop[3]!.replace(UUID, "<id>").trim();
      const structured = value === "" || /[{[]$/.test(value);
      block.lines.push(`  ${prop[1]} ${prop[2]}${structured ? "" : `: ${value}`}`);
    }
  }
  return blocks.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)).flatMap((b) => b.lines);
}

/** The `Resources:` summary block of a preview text, one entry per line, trimmed. */
export function summaryLines(text: string): string[] {
  const at = text.indexOf("\nResources:\n");
  if (at < 0) return [];
  return text
    .slice(at + "\nResources:\n".length)
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "" && !l.startsWith("Duration"));
}
