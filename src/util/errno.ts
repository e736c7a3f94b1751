/** How Go's os package words a file error kubectl prints (`open F: no such file or directory`). */
export function errnoText(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EISDIR') return 'is a directory';
  if (code === 'EACCES') return 'permission denied';
  if (code === 'ENOTDIR') return 'not a directory';
  if (code === 'EEXIST') return 'file exists';
  if (code === 'EROFS') return 'read-only file system';
  return (e as Error).message;
}
