/**
 * The architecture, checked by `npm test` (npm run lint:deps): dependencies point down only,
 * scoring <- domain <- store <- services <- api/web/jobs, and nothing forms a cycle.
 */
module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      comment: 'A cycle makes two modules one: split what they share into a module both import.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'scoring-is-pure',
      comment: 'scoring/ imports nothing else of the project: it is the bottom layer.',
      severity: 'error',
      from: { path: '^scoring/' },
      to: { path: '^(src|workers|seeds|bench|simulate|test)/' },
    },
    {
      name: 'scoring-without-io',
      comment: 'scoring/ is pure (no I/O, clock, env): no node built-in module.',
      severity: 'error',
      from: { path: '^scoring/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'domain-below-store',
      comment: 'The domain (schemas and types) imports only the scoring core and its own files.',
      severity: 'error',
      from: { path: '^src/domain/' },
      to: { path: '^src/(?!domain/|errors/)' },
    },
    {
      name: 'store-below-services',
      comment: 'The store (ports and adapters) knows nothing of services, jobs, the API or the pages.',
      severity: 'error',
      from: { path: '^src/store/' },
      to: { path: '^src/(services|jobs|api|web|http|mail)/' },
    },
    {
      name: 'services-below-adapters',
      comment: 'Services are called by the API, the pages and the jobs, never the other way.',
      severity: 'error',
      from: { path: '^src/services/' },
      to: { path: '^src/(api|web|http|jobs)/' },
    },
    {
      name: 'api-and-web-apart',
      comment: 'The API and the pages are siblings over src/http (the one executor); only src/app.ts joins them.',
      severity: 'error',
      from: { path: '^src/api/' },
      to: { path: '^src/web/' },
    },
    {
      name: 'web-and-api-apart',
      comment: 'The API and the pages are siblings over src/http (the one executor); only src/app.ts joins them.',
      severity: 'error',
      from: { path: '^src/web/' },
      to: { path: '^src/api/' },
    },
    {
      name: 'http-below-api-and-web',
      comment: 'src/http is what the API and the pages share; it imports neither.',
      severity: 'error',
      from: { path: '^src/http/' },
      to: { path: '^src/(api|web)/' },
    },
    {
      name: 'src-not-on-seeds-or-bench',
      comment: 'The product never imports the demo generator, the benchmarks, the simulator or the tests.',
      severity: 'error',
      from: { path: '^(src|workers|scoring)/' },
      to: { path: '^(seeds|bench|simulate|test)/' },
    },
    {
      name: 'workers-not-on-api',
      comment: 'Worker processes run the services through src/jobs; they need nothing of the HTTP side.',
      severity: 'error',
      from: { path: '^(workers|src/jobs)/' },
      to: { path: '^src/(api|web|http)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
    exclude: { path: '^(dist|node_modules)/' },
  },
};
