/**
 * The direction of imports (docs/architecture.md, "shared/: one folder per business area, on a platform
 * that knows none"), checked by `npm run lint`. An area is a folder of shared/ other than platform,
 * kernel and duty-engine; shared/routes.ts and shared/performers.ts are the registries that know
 * every area.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'An import cycle: the modules cannot be understood, tested or loaded one without the other.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'platform-knows-no-area',
      severity: 'error',
      comment:
        'shared/platform is what every area stands on: it imports no area, no duty engine, no registry.',
      from: { path: '^shared/platform/' },
      to: { path: '^shared/', pathNot: '^shared/(platform|kernel)/' },
    },
    {
      name: 'kernel-knows-no-area',
      severity: 'error',
      comment:
        "shared/kernel is the shop's shared vocabulary: it imports no area, no duty engine, no registry.",
      from: { path: '^shared/kernel/' },
      to: { path: '^shared/', pathNot: '^shared/(platform|kernel)/' },
    },
    {
      name: 'duty-engine-knows-no-area',
      severity: 'error',
      comment:
        'The duty engine knows no area: areas register their duty kinds and performers (shared/performers.ts).',
      from: { path: '^shared/duty-engine/' },
      to: { path: '^shared/', pathNot: '^shared/(platform|kernel|duty-engine)/' },
    },
    {
      name: 'rules-and-stores-know-no-http',
      severity: 'error',
      comment:
        'Rules and stores are used by handlers, duties and the stream alike: HTTP belongs to routes and functions.',
      from: { path: '^shared/.*/(rules|store)(\\.ts$|/)' },
      to: { path: '^shared/platform/http/' },
    },
    {
      name: 'rules-are-pure',
      severity: 'error',
      comment:
        "An area's rules are plain functions of data and a clock: no table, no adapter, no store, no action (their types may be named).",
      from: { path: '^shared/.*/rules(\\.ts$|/)' },
      to: {
        path: [
          '^shared/platform/(dynamo|adapters|http)/',
          '^shared/.*/(store|actions|duties|routes)(\\.ts$|/)',
          '^@aws-sdk/',
        ],
        // A type (the shape of a stream record, say) is data, not I/O.
        dependencyTypesNot: ['type-only'],
      },
    },
    {
      name: 'no-other-areas-routes',
      severity: 'error',
      comment:
        "An area's route contracts are read by the route registry (shared/routes.ts) and its handlers, not by another area.",
      from: { path: '^shared/([^/]+)/' },
      to: { path: '^shared/[^/]+/routes(\\.ts$|/)', pathNot: '^shared/$1/' },
    },
    {
      name: 'no-other-areas-duties',
      severity: 'error',
      comment:
        "An area's duty performers are registered by shared/performers.ts; another area uses its actions or store.",
      from: { path: '^shared/([^/]+)/' },
      to: { path: '^shared/[^/]+/duties(\\.ts$|/)', pathNot: '^shared/$1/' },
    },
    {
      name: 'shared-imports-no-entry-point',
      severity: 'error',
      comment: 'shared/ is what the functions, the CDK app and the tests use, never the other way round.',
      from: { path: '^shared/' },
      to: { path: '^(functions|infra|test)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    exclude: { path: '^(node_modules|cdk\\.out|\\.data|test/fixtures)/' },
  },
};
