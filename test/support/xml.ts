// A small, strict well-formedness check for the XML the app writes (SVG cards): every tag closed in
// order, attributes quoted and unique, no raw "<" or stray "&" in text or attributes. Throws with
// the reason; returns the element names in document order.
const NAME = /^[A-Za-z_][\w.:-]*/;
const ENTITY = /^&(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/;

function checkText(text: string, where: string) {
  for (let i = text.indexOf('&'); i !== -1; i = text.indexOf('&', i + 1)) {
    if (!ENTITY.test(text.slice(i))) throw new Error(`stray "&" in ${where}: ${text.slice(i, i + 20)}`);
  }
  if (text.includes('<')) throw new Error(`raw "<" in ${where}`);
}

export function checkWellFormedXml(xml: string): string[] {
  const open: string[] = [];
  const elements: string[] = [];
  let rest = xml.replace(/^<\?xml[^?]*\?>/, '');
  let rootClosed = false;
  while (rest.length > 0) {
    const lt = rest.indexOf('<');
    const text = lt === -1 ? rest : rest.slice(0, lt);
    if (text.trim() && (open.length === 0)) throw new Error(`text outside the root element: ${text.slice(0, 20)}`);
    checkText(text, 'text');
    if (lt === -1) break;
    rest = rest.slice(lt);
    if (rest.startsWith('<!--')) {
      const end = rest.indexOf('-->');
      if (end === -1) throw new Error('unclosed comment');
      rest = rest.slice(end + 3);
      continue;
    }
    const closing = rest.startsWith('</');
    const name = NAME.exec(rest.slice(closing ? 2 : 1))?.[0];
    if (!name) throw new Error(`bad tag at: ${rest.slice(0, 20)}`);
    rest = rest.slice((closing ? 2 : 1) + name.length);
    if (closing) {
      const m = /^\s*>/.exec(rest);
      if (!m) throw new Error(`bad closing tag </${name}`);
      if (open.pop() !== name) throw new Error(`</${name}> closes the wrong element`);
      rest = rest.slice(m[0].length);
      if (open.length === 0) rootClosed = true;
      continue;
    }
    if (rootClosed) throw new Error('a second root element');
    const seen = new Set<string>();
    for (;;) {
      const attribute = /^\s+([A-Za-z_][\w.:-]*)\s*=\s*("([^"]*)"|'([^']*)')/.exec(rest);
      if (!attribute) break;
      const attributeName = attribute[1] ?? '';
      if (seen.has(attributeName)) throw new Error(`attribute ${attributeName} twice on <${name}>`);
      seen.add(attributeName);
      checkText(attribute[3] ?? attribute[4] ?? '', `attribute ${attributeName} of <${name}>`);
      rest = rest.slice(attribute[0].length);
    }
    const end = /^\s*(\/?)>/.exec(rest);
    if (!end) throw new Error(`bad tag <${name}: ${rest.slice(0, 20)}`);
    rest = rest.slice(end[0].length);
    elements.push(name);
    if (end[1]) {
      if (open.length === 0) rootClosed = true;
    } else open.push(name);
  }
  if (open.length) throw new Error(`unclosed <${open.join('>, <')}>`);
  if (!rootClosed) throw new Error('no root element');
  return elements;
}
