/**
 * A second, independent look at HTML the tool renders for email: it lists every tag
 * and attribute and reports any that the templates do not use themselves. Escaped
 * user text ("&lt;script&gt;") contains no "<", so a payload that got through as
 * markup shows up here as a tag or attribute the templates never write, or as a
 * link that is not http(s), mailto or "#".
 */

/** Tags the digest and report templates write. */
const TEMPLATE_TAGS = new Set(['div', 'p', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'span', 'br', 'a', 'b', 'strong']);
/** Attributes the digest templates write. */
const TEMPLATE_ATTRIBUTES = new Set(['style', 'href', 'cellpadding', 'cellspacing', 'border']);

/** What in `html` the templates could not have written: foreign tags, attributes, links. Empty when clean. */
export function foreignMarkup(html: string): string[] {
  const found: string[] = [];
  for (const tag of html.matchAll(/<\/?([a-zA-Z][\w-]*)([^>]*)>/g)) {
    const name = tag[1].toLowerCase();
    if (!TEMPLATE_TAGS.has(name)) found.push(`tag <${name}>`);
    // Attribute values are quoted and escaped, so name="…" pairs can be read off one by one.
    const attributes = tag[2].replace(/"[^"]*"/g, '""').match(/[^\s=/"]+(?==)/g) ?? [];
    for (const attribute of attributes)
      if (!TEMPLATE_ATTRIBUTES.has(attribute.toLowerCase())) found.push(`attribute ${attribute} on <${name}>`);
    for (const href of tag[2].matchAll(/href="([^"]*)"/g)) if (!/^(https?:\/\/|mailto:|#)/i.test(href[1])) found.push(`link ${href[1]}`);
  }
  if (/<!--|<!\[CDATA\[/i.test(html)) found.push('comment or CDATA');
  return found;
}

/** The text `escapeHtml` would make of a user value: how it must appear in the HTML. */
export function escaped(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
