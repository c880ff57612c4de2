/**
 * Compose's variable interpolation (corpus report, item 2): values are read as `docker compose`
 * reads them, from the `.env` beside the compose file (never the checker's own environment), and
 * a variable nothing sets leaves the subject unknown instead of naming a false technology.
 */
import * as assert from 'assert';
import { interpolate, parseDotenv } from '../../server/src/core/scan/interpolate';
import { BUILTIN_CATALOG, TechnologyIndex } from '../../server/src/core/catalog/technologies';
import { checkScaffolding } from '../../server/src/core/rules';
import type { RuleContext } from '../../server/src/core/rules/context';
import { NO_HINTS } from '../../server/src/core/rules/services';
import { defaultPolicy } from '../../server/src/core/policy/defaults';
import type { Policy } from '../../server/src/core/policy/types';
import { scanScaffolding } from '../../server/src/core/scan/scaffolding';
import { TODAY } from '../support/fixtures';

void BUILTIN_CATALOG;

function context(): RuleContext {
  const policy: Policy = { ...defaultPolicy(), technologies: { postgres: { ring: 'adopt' } }, services: { web: { path: 'web' } } };
  return { folderUri: 'file:///ws', policy, technologies: new TechnologyIndex(policy), exceptions: [], today: TODAY, hints: NO_HINTS };
}

/** `rule subject «text under the squiggle»` for a compose file, with `.env` files by folder. */
function findings(rel: string, text: string, envs: Record<string, string> = {}): string[] {
  const ctx = context();
  const asked: string[] = [];
  const facts = scanScaffolding(rel, text, {
    imageCategory: (i) => ctx.technologies.matchImage(i)?.category,
    env: (folder) => {
      asked.push(folder);
      return envs[folder] === undefined ? undefined : parseDotenv(envs[folder]);
    },
  })!;
  const lines = text.split('\n');
  return checkScaffolding(`file:///ws/${rel}`, facts, ctx).map((f) => `${f.rule} ${f.subject} «${lines[f.range.start.line].slice(f.range.start.character, f.range.end.character)}»`);
}

suite('corpus 2: compose interpolation as docker compose does it', () => {
  const vars = new Map([
    ['SET', 'redis:7'],
    ['EMPTY', ''],
    ['TAG', '8.13.0'],
  ]);
  const value = (text: string) => interpolate(text, vars);

  test('${VAR}, $VAR, ${VAR:-d}, ${VAR-d}, ${VAR:?e}, ${VAR:+x}, $$ and nested defaults', () => {
    assert.deepStrictEqual(value('${SET}'), { value: 'redis:7', unresolved: false });
    assert.deepStrictEqual(value('$SET'), { value: 'redis:7', unresolved: false });
    assert.deepStrictEqual(value('${NOPE:-elasticsearch:${TAG}}'), { value: 'elasticsearch:8.13.0', unresolved: false });
    // `:-` also replaces an empty value, `-` only an unset one
    assert.deepStrictEqual(value('${EMPTY:-mongo}'), { value: 'mongo', unresolved: false });
    assert.deepStrictEqual(value('${EMPTY-mongo}'), { value: '', unresolved: false });
    assert.deepStrictEqual(value('${NOPE-mongo}'), { value: 'mongo', unresolved: false });
    assert.deepStrictEqual(value('${SET:?set it}'), { value: 'redis:7', unresolved: false });
    assert.deepStrictEqual(value('${NOPE:?set it}'), { value: '', unresolved: true });
    assert.deepStrictEqual(value('${SET:+on}/${NOPE:+on}'), { value: 'on/', unresolved: false });
    assert.deepStrictEqual(value('price$$5 $${SET}'), { value: 'price$5 ${SET}', unresolved: false });
    assert.deepStrictEqual(value('${NOPE}'), { value: '', unresolved: true });
    assert.deepStrictEqual(value('${'), { value: '${', unresolved: false });
  });

  test('.env by Docker\'s syntax: export, comments, quotes, escapes, earlier variables, CRLF', () => {
    const env = parseDotenv('# images\r\nexport A=postgres:16 # the db\r\nB="${A}-x"\nC=\'${A}\'\nD = "two\\nlines"\nE="multi\nline"\n  F=#not a comment\nG\nbad line\n');
    assert.deepStrictEqual(Object.fromEntries(env), { A: 'postgres:16', B: 'postgres:16-x', C: '${A}', D: 'two\nlines', E: 'multi\nline', F: '#not a comment' });
  });

  test('images named by variables reach the policy; a variable nothing sets names no technology', () => {
    const compose = 'services:\n  mq:\n    image: ${RABBITMQ_IMAGE}\n  search:\n    image: ${SEARCH_IMAGE:-elasticsearch:8.13.0}\n  cache:\n    image: "redis:${REDIS_TAG}"\n  db:\n    image: ${DB_IMAGE-postgres:16}\n  other:\n    image: ${UNSET_IMAGE}\n  reg:\n    image: ${REGISTRY}/mongo:7\n  lit:\n    image: $${NOT_A_VAR}\n';
    assert.deepStrictEqual(findings('deploy/compose.yaml', compose, { deploy: 'RABBITMQ_IMAGE=rabbitmq:3-management\n' }), [
      'new-technology rabbitmq «${RABBITMQ_IMAGE}»',
      'new-technology elasticsearch «${SEARCH_IMAGE:-elasticsearch:8.13.0}»',
      'new-technology redis «"redis:${REDIS_TAG}"»',
    ]);
    // without the .env, the variable leaves the image unknown: no finding at all, never a wrong one
    assert.deepStrictEqual(findings('deploy/compose.yaml', 'services:\n  mq:\n    image: ${RABBITMQ_IMAGE}\n'), []);
    // the .env of another folder is not the project's
    assert.deepStrictEqual(findings('deploy/compose.yaml', 'services:\n  mq:\n    image: ${RABBITMQ_IMAGE}\n', { '': 'RABBITMQ_IMAGE=rabbitmq:3\n' }), []);
  });

  test('build contexts and dockerfiles named by variables: the service is the folder they name, never the root', () => {
    const compose = 'services:\n  web:\n    build:\n      context: ./web\n  review:\n    build:\n      context: ./\n      dockerfile: ${REVIEW_DOCKERFILE}\n  ghost:\n    build:\n      context: .\n      dockerfile: ${GHOST_DOCKERFILE}\n  api:\n    build: ${API_DIR:-./api}\n';
    const env = { '': 'REVIEW_DOCKERFILE=./src/review/Dockerfile\n' };
    const facts = scanScaffolding('compose.yaml', compose, { imageCategory: () => undefined, env: (f) => (env[f as ''] ? parseDotenv(env[f as '']) : undefined) })!;
    assert.deepStrictEqual(
      facts.services.map((s) => `${s.name} ${s.place}${s.process ? ' (process)' : ''}`),
      // a Dockerfile nothing names: a service of the compose file itself (as a remote build), not the monolith
      ['web web', 'review src/review', 'ghost compose.yaml', 'api api'],
    );
    assert.strictEqual(facts.env, '');
  });
});

suite('corpus 10: catalog gaps the corpus found (images)', () => {
  test('zipkin, zookeeper, locust, valkey from ghcr.io, redismod, pgautoupgrade and the collector from its releases registry are technologies', () => {
    const index = new TechnologyIndex({ technologies: {} });
    const ids = ['openzipkin/zipkin:3', 'zookeeper:3.9', 'confluentinc/cp-zookeeper:7.6.0', 'locustio/locust:2.31', 'ghcr.io/valkey-io/valkey:9.0.4-alpine3.23', 'redislabs/redismod', 'pgautoupgrade/pgautoupgrade:16-alpine', 'ghcr.io/open-telemetry/opentelemetry-collector-releases/opentelemetry-collector-contrib:0.159.0'].map((i) => index.matchImage(i)?.id);
    assert.deepStrictEqual(ids, ['zipkin', 'zookeeper', 'zookeeper', 'locust', 'redis', 'redis', 'postgres', 'otelcollector']);
  });
});
