// The core's modules one by one, not its index: that loads the schemas, hence zod, which only
// bad input needs (to name its fault), so they are loaded then.
import { assignColumnar, pairsOf } from '../../scoring/assign.js';
import { explainCandidate, explainUnmatched } from '../../scoring/explain.js';
import type { Locale } from '../../scoring/locale.js';
import { plannedEdges } from '../../scoring/plan.js';
import { ranking, type Ranking } from '../../scoring/rank.js';
import { assignColumns, checkedRankInput, type AssignColumns } from '../../scoring/schema/checked.js';
import { parseJson, readInput, validated } from './input.js';
import { Items, Later, writeDocument, type Field } from './output.js';
import { chosenEdgesOnThread } from './solver-thread.js';

export interface MatchOptions {
  input: string;
  locale: Locale;
  /** The day a waiting time counts to when the input gives no referenceDate (asked only then). */
  today: () => string;
  progress?: (done: number, total: number) => void;
}

/**
 * `tandem rank|assign|plan`: one JSON document in, one out, as ../shared/spec/match-cli.md
 * defines. Everything that can fail on bad input runs before the first byte is written.
 */
export async function runMatch(
  command: 'rank' | 'assign' | 'plan',
  options: MatchOptions,
  out: NodeJS.WritableStream,
): Promise<void> {
  const t0 = performance.now();
  const text = await readInput(options.input);
  const elapsedMs = () => Math.round(performance.now() - t0);
  if (command === 'assign') {
    const data = parseJson(text);
    // The columnar pass validates a large input fast; when it finds a fault, the schema names it.
    const columns =
      assignColumns(data) ??
      assignColumns(validated(data, (await import('../../scoring/schema/index.js')).AssignInput));
    if (columns === null) throw new Error('assign: the input passes AssignInput but not its columnar reading');
    const result = assignColumnar(columns);
    const stats = {
      volunteers: columns.volunteerIds.length,
      beneficiaries: columns.beneficiaryIds.length,
      edges: columns.score.length,
      elapsedMs: elapsedMs(),
    };
    return writeDocument(out, [
      ['pairs', result.pairs],
      ['totalScore', result.totalScore],
      ['stats', stats],
    ]);
  }
  const data = parseJson(text);
  // As for assign: a fast pass over a large input, the schema naming the fault when there is one.
  const input = checkedRankInput(data) ?? validated(data, (await import('../../scoring/schema/index.js')).RankInput);
  const ranked = ranking(input, { today: input.referenceDate ?? options.today(), onProgress: options.progress });
  // The plan's assignment is solved on a thread of its own while the candidates are written.
  const assignment = command === 'plan' ? assigned(plannedEdges(input, ranked), ranked.score) : undefined;
  // A failure is reported when the writer reaches the pairs, not as an unhandled rejection before.
  assignment?.catch(() => undefined);
  for (const u of ranked.unmatched) u.explanation = explainUnmatched(u, options.locale);
  const fields: Field[] = [
    ['candidates', new Items(explained(ranked, options.locale))],
    ...(assignment
      ? ([
          ['pairs', new Later(async () => (await assignment).pairs)],
          ['totalScore', new Later(async () => (await assignment).totalScore)],
        ] as const)
      : []),
    ['unmatched', ranked.unmatched],
    [
      'stats',
      new Later(() => ({
        volunteers: input.volunteers.length,
        beneficiaries: input.beneficiaries.length,
        feasiblePairs: ranked.feasiblePairs,
        elapsedMs: elapsedMs(),
      })),
    ],
  ];
  return writeDocument(out, fields);
}

/** The optimal pairs of a plan's edges; each keeps its candidate's score. */
async function assigned(columns: AssignColumns, score: Float64Array) {
  return pairsOf(columns, await chosenEdgesOnThread(columns), score);
}

/** The candidate records with their explanations, made one at a time as the output is written. */
function* explained(ranked: Ranking, locale: Locale) {
  for (let i = 0; i < ranked.beneficiaries.length; i++) {
    const needs = ranked.beneficiaries[i]!.needs;
    for (let k = ranked.start[i]!; k < ranked.start[i + 1]!; k++) {
      const c = ranked.candidate(i, k);
      c.explanation = explainCandidate(c, needs, locale);
      yield c;
    }
  }
}
