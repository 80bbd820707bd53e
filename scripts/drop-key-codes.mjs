// An esbuild plugin for the task pane: drops the deprecated `KeyCodes` enum of
// @microsoft/fast-web-utilities (dist/key-codes.js). Fluent's components import that
// module for its string key constants (keyArrowDown, keyEnter…), and esbuild keeps the
// enum beside them, since a TypeScript enum compiled to JavaScript is a function call
// it cannot prove pure: about 2 KB that nothing in the bundle reads. The enum's export
// goes with it, so if any module ever imports `KeyCodes`, the build fails with
// esbuild's "No matching export" rather than shipping an undefined enum. The block is
// matched exactly; if a new version writes it differently, the build says so.
import { readFile } from 'node:fs/promises';

const START = 'export var KeyCodes;\n(function (KeyCodes) {\n';
const END = '})(KeyCodes || (KeyCodes = {}));\n';

export const dropKeyCodes = {
  name: 'drop-key-codes',
  setup(build) {
    build.onLoad({ filter: /[\\/]@microsoft[\\/]fast-web-utilities[\\/]dist[\\/]key-codes\.js$/ }, async (args) => {
      const text = (await readFile(args.path, 'utf8')).replace(/\r\n/g, '\n');
      const start = text.indexOf(START);
      const end = text.indexOf(END, start);
      if (start < 0 || end < 0)
        throw new Error(`drop-key-codes: the KeyCodes enum of ${args.path} is not written as expected; update scripts/drop-key-codes.mjs`);
      return { contents: text.slice(0, start) + text.slice(end + END.length), loader: 'js' };
    });
  },
};
