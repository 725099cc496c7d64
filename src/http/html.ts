// Text placed into the HTML pages this app serves (the signing page, the refused-link page).
export const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
