// A small, strict iCalendar (RFC 5545) reader for tests: it refuses bare LF, lines over 75 octets,
// unknown escapes and unbalanced BEGIN/END, and gives back the components with their properties,
// TEXT values unescaped.

export interface IcsProperty {
  name: string;
  params: Record<string, string>;
  value: string;
}

export interface IcsComponent {
  name: string;
  properties: IcsProperty[];
  components: IcsComponent[];
  /** The first value of a property (TEXT unescaped), or undefined. */
  get(name: string): string | undefined;
  all(name: string): IcsProperty[];
}

const TEXT_PROPERTIES = new Set(['SUMMARY', 'DESCRIPTION', 'X-WR-CALNAME', 'X-WR-CALDESC', 'LOCATION', 'COMMENT']);

export function unescapeText(value: string): string {
  return value.replace(/\\(.)/g, (_, c: string) => {
    if (c === 'n' || c === 'N') return '\n';
    if (c === '\\' || c === ';' || c === ',') return c;
    throw new Error(`invalid escape \\${c}`);
  });
}

export function parseIcs(text: string): IcsComponent {
  if (!text.endsWith('\r\n')) throw new Error('the text must end with CRLF');
  if (/[^\r]\n|\r[^\n]/.test(text)) throw new Error('a line ends with something other than CRLF');
  const physical = text.slice(0, -2).split('\r\n');
  for (const line of physical) {
    if (Buffer.byteLength(line, 'utf8') > 75) throw new Error(`line over 75 octets: ${line}`);
  }
  const lines: string[] = [];
  for (const line of physical) {
    if (line.startsWith(' ') || line.startsWith('\t')) {
      if (lines.length === 0) throw new Error('continuation line first');
      lines[lines.length - 1] += line.slice(1);
    } else lines.push(line);
  }
  const stack: IcsComponent[] = [];
  let root: IcsComponent | undefined;
  for (const line of lines) {
    const property = parseLine(line);
    if (property.name === 'BEGIN') {
      const component = makeComponent(property.value);
      if (stack.length > 0) stack[stack.length - 1]!.components.push(component);
      else if (root) throw new Error('a second top-level component');
      else root = component;
      stack.push(component);
    } else if (property.name === 'END') {
      const open = stack.pop();
      if (!open || open.name !== property.value) throw new Error(`END:${property.value} does not close ${open?.name}`);
    } else {
      if (stack.length === 0) throw new Error(`property outside a component: ${line}`);
      stack[stack.length - 1]!.properties.push(property);
    }
  }
  if (!root || stack.length > 0) throw new Error('unbalanced components');
  return root;
}

function parseLine(line: string): IcsProperty {
  // name *(";" param) ":" value — parameter values may be quoted and contain ":" or ";".
  const match = /^([A-Za-z0-9-]+)((?:;[A-Za-z0-9-]+=(?:"[^"]*"|[^";:,]*)(?:,(?:"[^"]*"|[^";:,]*))*)*):(.*)$/.exec(line);
  if (!match) throw new Error(`not a content line: ${line}`);
  const params: Record<string, string> = {};
  for (const p of match[2]!.split(';').slice(1)) {
    const at = p.indexOf('=');
    params[p.slice(0, at).toUpperCase()] = p.slice(at + 1).replace(/^"|"$/g, '');
  }
  const name = match[1]!.toUpperCase();
  return { name, params, value: TEXT_PROPERTIES.has(name) ? unescapeText(match[3]!) : match[3]! };
}

function makeComponent(name: string): IcsComponent {
  const component: IcsComponent = {
    name,
    properties: [],
    components: [],
    get: (n) => component.properties.find((p) => p.name === n)?.value,
    all: (n) => component.properties.filter((p) => p.name === n),
  };
  return component;
}
