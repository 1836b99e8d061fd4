import { describe, expect, it } from 'vitest';
import { blankAttributes, declaredName, loadCParser, parseC } from '../../../import/linux/c-parser.js';

const KERNEL_STYLE = `static struct bus_type foo_bus __ro_after_init = { .name = "foo" };
static int __init __attribute__((cold)) foo_init(void)
{
\treturn bus_register(&foo_bus);
}
static void __section(".init.text") *__exit bar(int x) { }
`;

describe('the C parser', () => {
  it('blanks attribute macros without moving any character', () => {
    const out = blankAttributes(KERNEL_STYLE);
    expect(out).toHaveLength(KERNEL_STYLE.length);
    expect(out.split('\n').map((l) => l.length)).toEqual(KERNEL_STYLE.split('\n').map((l) => l.length));
    expect(out).not.toMatch(/__init|__ro_after_init|__attribute__|__section|cold/);
    expect(out.indexOf('foo_init')).toBe(KERNEL_STYLE.indexOf('foo_init'));
  });

  it('parses kernel-style definitions into functions with their real lines', async () => {
    const tree = parseC(await loadCParser(), KERNEL_STYLE)!;
    expect(tree.rootNode.hasError).toBe(false);
    const fns = tree.rootNode.descendantsOfType('function_definition').map((f) => [declaredName(f!.childForFieldName('declarator')), f!.startPosition.row + 1]);
    expect(fns).toEqual([['foo_init', 2], ['bar', 6]]);
  });
});
