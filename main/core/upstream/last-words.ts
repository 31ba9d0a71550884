/**
 * The last few lines one process of a server wrote (stderr, and stdout that is not MCP): what it said
 * before it exited is usually why it exited ("GITHUB_TOKEN environment variable is required").
 */
export class LastWords {
  private readonly lines: string[] = [];
  private partial = '';

  constructor(private readonly keep = 3) {}

  write(chunk: Buffer | string): void {
    const parts = (this.partial + chunk.toString()).split('\n');
    this.partial = parts.pop()!.slice(-500);
    for (const line of parts) this.push(line);
  }

  /** The last lines, one long line each cut to 300 characters, or '' when the process said nothing. */
  toString(): string {
    const lines = this.partial.trim() ? [...this.lines, this.partial.trim()].slice(-this.keep) : this.lines;
    return lines.map((l) => (l.length > 300 ? `${l.slice(0, 300)}…` : l)).join(' · ');
  }

  private push(line: string): void {
    const trimmed = line.trim();
    if (!trimmed) return;
    this.lines.push(trimmed);
    if (this.lines.length > this.keep) this.lines.shift();
  }
}
