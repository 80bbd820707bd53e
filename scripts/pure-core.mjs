// An esbuild plugin that declares the modules of src/core and src/workflows free of
// side effects, as both layers are by design (no I/O, no globals written at load).
// esbuild otherwise keeps any module whose top level it cannot prove pure, such as
// the CRM profiles and stage presets (object literals that call defineStage or
// spread an imported object), so a bundle that imports the core's index, as the
// adapters must, would carry every CRM profile and preset it never uses (about 10
// KB in the Apps Script bundle). Modules nothing imports a binding from are dropped.
// https://esbuild.github.io/plugins/#on-resolve-results (sideEffects)
const PURE = /[\\/]src[\\/](core|workflows)[\\/]/;

export const pureCore = {
  name: 'pure-core',
  setup(build) {
    build.onResolve({ filter: /^\./ }, async (args) => {
      if (args.pluginData === 'pure-core') return undefined;
      const resolved = await build.resolve(args.path, {
        resolveDir: args.resolveDir,
        kind: args.kind,
        importer: args.importer,
        pluginData: 'pure-core',
      });
      if (resolved.errors.length || !PURE.test(resolved.path)) return undefined;
      return { ...resolved, sideEffects: false };
    });
  },
};
