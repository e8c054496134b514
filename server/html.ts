/** Text made safe to place in HTML, in an element or a quoted attribute (server pages and email alike). */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
