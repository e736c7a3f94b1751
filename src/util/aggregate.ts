/**
 * apimachinery's utilerrors aggregate, as its Error() prints it: one message as it is; several, each
 * once, joined in brackets.
 */
export function aggregateMessage(messages: string[]): string {
  const distinct = [...new Set(messages)];
  return distinct.length === 1 ? distinct[0]! : `[${distinct.join(', ')}]`;
}
