/** What the tray says about waiting consent prompts (kept apart from Electron so it can be tested). */
export function pendingText(count: number): { title: string; tooltip: string; menu: string } {
  if (count <= 0) return { title: '', tooltip: 'Agent Hub', menu: 'No tool calls waiting' };
  const calls = count === 1 ? '1 tool call waits' : `${count} tool calls wait`;
  return { title: String(count), tooltip: `Agent Hub: ${calls} for your answer`, menu: `${calls} for your answer…` };
}
