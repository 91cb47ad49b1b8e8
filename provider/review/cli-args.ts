/** Arguments of `pulumi-loxilb review` (pure). Bad arguments throw a {@link UsageError} naming them. */

export const USAGE = `Usage: pulumi-loxilb review [--config <file>] [--state] [<preview.json>]

Prints, as Markdown for a pull-request comment, what \`pulumi preview --json\` will do to each LoxiLB
rule. Reads the preview from <preview.json>, or from stdin when the file is omitted or "-".

  --config <file>  the stack's \`pulumi config --json\`: the loxilb:* keys say which LoxiLB
                   instances the rules reach (LOXILB_* environment variables also count)
  --state          read the live rules through the LoxiLB API and show them as "before"
  -h, --help       this text
`;

export class UsageError extends Error {
  override readonly name = "UsageError";
}

export interface ReviewArgs {
  readonly help: boolean;
  /** The preview file, or undefined for stdin. */
  readonly file: string | undefined;
  readonly configFile: string | undefined;
  readonly state: boolean;
}

/** Parses the words after `pulumi-loxilb` (the first must be `review`). */
export function parseReviewArgs(argv: readonly string[]): ReviewArgs {
  const [command, ...rest] = argv;
  if (command === "-h" || command === "--help")
    return { help: true, file: undefined, configFile: undefined, state: false };
  if (command !== "review") {
    throw new UsageError(`unknown command ${JSON.stringify(command ?? "")}: the only command is "review"`);
  }
  let file: string | undefined;
  let configFile: string | undefined;
  let state = false;
  let help = false;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i] ?? "";
    if (arg === "-h" || arg === "--help") help = true;
    else if (arg === "--state") state = true;
    else if (arg === "--config") {
      configFile = rest[++i];
      if (configFile === undefined)
        throw new UsageError("--config needs a file (the output of `pulumi config --json`)");
    } else if (arg.startsWith("-") && arg !== "-")
      throw new UsageError(`unknown option ${JSON.stringify(arg)}`);
    else if (file !== undefined)
      throw new UsageError(`only one preview file, got ${JSON.stringify(file)} and ${JSON.stringify(arg)}`);
    else file = arg === "-" ? undefined : arg;
  }
  return { help, file, configFile, state };
}
