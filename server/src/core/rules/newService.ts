/**
 * `new-service`: a deployable that is not one of the monolith's known `services`. A service is
 * known by its name and its place: the policy lists where each service is declared (`path`: its
 * folder, or the file that declares it), and the same name declared somewhere else is a second,
 * new service. A name-only entry (written by hand) still matches the name anywhere.
 */
import { compileGlob, isGlob } from '../glob';
import type { Finding } from '../model';
import type { Policy, ServiceEntry } from '../policy/types';
import { type RuleContext, severityOf } from './context';
import { shortList } from './newTechnology';
import { placeName, type ServiceDeclaration } from './services';
import { trimChars } from '../text';

export type { ServiceDeclaration } from './services';
export { placeName } from './services';

export function normalizePlace(p: string): string {
  const slashed = p.trim().replace(/\\/g, '/');
  const rel = trimChars(slashed.startsWith('./') ? slashed.slice(1) : slashed, '/');
  return rel === '.' ? '' : rel;
}

/** The places a policy entry names (`path` as a string or a list). */
export function entryPlaces(entry: ServiceEntry): string[] {
  const paths = entry.path === undefined ? [] : Array.isArray(entry.path) ? entry.path : [entry.path];
  return paths.map(normalizePlace);
}

/** A policy place against a declaration's place: the same folder or file, or a glob that matches it. */
function placeMatches(policyPlace: string, place: string): boolean {
  if (policyPlace === place) return true;
  if (!isGlob(policyPlace)) return false;
  const glob = compileGlob(policyPlace);
  return glob.ok && glob.match(place);
}

export type ServiceIdentity = { known: string } | { second: { name: string; places: string[] } } | undefined;

/** Which service of the policy a declaration is, or the known service whose name it reuses elsewhere. */
export function identifyService(policy: Policy, decl: Pick<ServiceDeclaration, 'name' | 'place' | 'shared' | 'pathName'>): ServiceIdentity {
  const byName = identifyByName(policy, decl);
  // named by its path because another folder has its folder's name: still that name's second, or a hand-written name-only entry
  return byName === undefined && decl.pathName ? identifyByName(policy, { ...decl, name: decl.pathName }) : byName;
}

function identifyByName(policy: Policy, decl: Pick<ServiceDeclaration, 'name' | 'place' | 'shared'>): ServiceIdentity {
  const lower = decl.name.toLowerCase();
  let second: { name: string; places: string[] } | undefined;
  for (const [name, entry] of Object.entries(policy.services)) {
    const places = entryPlaces(entry);
    const sameName = name.toLowerCase() === lower;
    if (places.length === 0) {
      if (sameName) return { known: name };
      continue;
    }
    // a file that declares several services is known one name at a time; a folder is the service itself
    if (places.some((p) => placeMatches(p, decl.place)) && (!decl.shared || sameName)) return { known: name };
    if (sameName) second = { name, places };
  }
  return second ? { second } : undefined;
}

/** The policy's service that this declaration is, or undefined. */
export function knownService(policy: Policy, decl: Pick<ServiceDeclaration, 'name' | 'place' | 'shared' | 'pathName'>): string | undefined {
  const id = identifyService(policy, decl);
  return id && 'known' in id ? id.known : undefined;
}

/** The subject a finding about this declaration names (the value an exception's `subject` must be). */
export function serviceSubject(policy: Policy, decl: Pick<ServiceDeclaration, 'name' | 'place' | 'shared' | 'pathName' | 'process'>): string {
  const id = identifyService(policy, decl);
  if (id && 'known' in id) return id.known;
  return secondSubject(id, decl) ?? decl.name;
}

/** A second service's subject: its place (a process of the monolith keeps its name: the root is no name). */
function secondSubject(id: ServiceIdentity, decl: Pick<ServiceDeclaration, 'name' | 'place' | 'process'>): string | undefined {
  return id && 'second' in id && !decl.process ? placeName(decl.place) : undefined;
}

function describePlace(place: string): string {
  return place === '' ? 'the workspace root' : place;
}

/** "\"billing\": new deployable service (known: web and worker). Needs a signed exception." */
export function newServiceMessage(name: string, policy: Policy): string {
  const known = Object.keys(policy.services);
  return `"${name}": new deployable service (${known.length ? `known: ${shortList(known)}` : 'the policy lists no services'}). Needs a signed exception.`;
}

/** The policy's services that are processes of the monolith (listed at the root). */
export function monolithProcesses(policy: Policy): string[] {
  return Object.entries(policy.services)
    .filter(([, entry]) => entryPlaces(entry).includes(''))
    .map(([name]) => name);
}

/** "\"worker\": new process of the monolith (known: web). Needs a signed exception." */
export function newProcessMessage(name: string, policy: Policy): string {
  const known = monolithProcesses(policy);
  return `"${name}": new process of the monolith (known: ${known.length ? shortList(known) : 'none'}). Needs a signed exception.`;
}

/** "Second \"web\", in services/search (the known one: web). Needs a signed exception." */
export function secondServiceMessage(decl: Pick<ServiceDeclaration, 'name' | 'place'>, known: { name: string; places: string[] }): string {
  return `Second "${decl.name}", in ${describePlace(decl.place)} (the known one: ${shortList(known.places.map(describePlace))}). Needs a signed exception.`;
}

export function checkNewService(uri: string, decl: ServiceDeclaration, ctx: RuleContext): Finding | undefined {
  if (decl.root || !decl.name) return undefined;
  const severity = severityOf(ctx, 'new-service');
  if (!severity) return undefined;
  const id = identifyService(ctx.policy, decl);
  if (id && 'known' in id) return undefined;
  const subject = secondSubject(id, decl) ?? decl.name;
  const message = id?.second ? secondServiceMessage({ ...decl, name: decl.pathName ?? decl.name }, id.second) : decl.process ? newProcessMessage(decl.name, ctx.policy) : newServiceMessage(decl.name, ctx.policy);
  return {
    uri,
    range: decl.range,
    rule: 'new-service',
    severity,
    subject,
    subjectName: subject,
    kind: 'service',
    folder: decl.place,
    message: decl.note ? `${message} ${decl.note}` : message,
  };
}
