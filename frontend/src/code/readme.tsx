/** Markdown files by name (the server renders them: `Blob.html`, `Repository.readmeHTML`). */
export function isMarkdown(name: string): boolean {
  return /\.(md|markdown|mdown|mkd|mkdn)$/i.test(name);
}
