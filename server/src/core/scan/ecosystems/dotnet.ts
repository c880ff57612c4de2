/**
 * .NET: `*.csproj`, `*.fsproj`, `*.vbproj` `<PackageReference Include="…">` (or `Update`), central
 * package management's `Directory.Packages.props` `<PackageVersion Include="…">`, and the project
 * SDK (`<Project Sdk="Microsoft.NET.Sdk.Web">` is ASP.NET Core), on the attribute's value. A
 * project whose SDK is `Microsoft.NET.Sdk.Web` or `Microsoft.NET.Sdk.Worker` is a deployable (a
 * web app, a worker service), on that SDK value — also when the SDK is named by an `<Sdk Name>` or
 * `<Import Sdk>` element — and so is an Azure Functions app (`<AzureFunctionsVersion>`, on its
 * value), and so is a project the SDK publishes as a container image (`EnableSdkContainerSupport`,
 * `ContainerRepository`, `ContainerImageName`, the `DefaultContainer` publish profile; on the
 * property's value): at the root the monolith itself, elsewhere named after its folder; test
 * projects are not. A .NET Framework project's `packages.config` (NuGet's older manifest) lists its
 * packages as `<package id="…" version="…" />`, on the id's value.
 */
import { folderServiceName, isTestFolder, type ScanInput, serviceFact } from '../scanUtil';
import type { ManifestDependency } from '../types';
import { dependency, type ManifestResult } from './common';
import { attribute, childText, elements, parseXml, type XmlElement } from './xml';

/** The SDKs of a project that runs on its own. */
const DEPLOYABLE_SDKS = new Set(['microsoft.net.sdk.web', 'microsoft.net.sdk.worker']);

/** `Shop.ApiService.csproj` → `Shop_ApiService`: the class Aspire generates under `Projects.`. */
export function aspireProjectId(fileName: string): string {
  return fileName.replace(/\.[a-z]+proj$/i, '').replace(/[^A-Za-z0-9_]/g, '_');
}

/**
 * The property that has the .NET SDK publish the project as a container image (no Dockerfile):
 * `<EnableSdkContainerSupport>true</…>`, a `<ContainerRepository>` or `<ContainerImageName>`, or
 * `<PublishProfile>DefaultContainer</…>`; on its value. Undefined when the group says none.
 */
function containerPublishing(input: ScanInput, group: XmlElement): { value: string; start: number; end: number } | undefined {
  const enabled = childText(input.text, group, 'EnableSdkContainerSupport');
  if (enabled?.value.toLowerCase() === 'true') return enabled;
  const named = childText(input.text, group, 'ContainerRepository') ?? childText(input.text, group, 'ContainerImageName');
  if (named) return named;
  const profile = childText(input.text, group, 'PublishProfile');
  return profile?.value === 'DefaultContainer' ? profile : undefined;
}

export function scanMsBuild(input: ScanInput): ManifestResult {
  const { root, problems } = parseXml(input);
  const out: ManifestDependency[] = [];
  if (!root) return { dependencies: out, problems };
  const sdk = root.name === 'Project' ? attribute(input.text, root, 'Sdk') : undefined;
  if (sdk && sdk.value !== 'Microsoft.NET.Sdk') {
    const name = sdk.value.split('/')[0];
    const dep = dependency(input, 'nuget', name, sdk.start, sdk.start + name.length, 'sdk');
    if (dep) out.push(dep);
  }
  let isHost = false;
  // what makes the project run on its own when the root's `Sdk` does not say: `<Sdk Name="Microsoft.NET.Sdk.Web" />`,
  // `<Import Project="Sdk.props" Sdk="Microsoft.NET.Sdk.Worker" />`, or an Azure Functions app's `<AzureFunctionsVersion>`
  let runs: { value: string; start: number; end: number } | undefined;
  for (const { element } of elements(root)) {
    if (element.name === 'PropertyGroup' && childText(input.text, element, 'IsAspireHost')?.value.toLowerCase() === 'true') isHost = true;
    if (element.name === 'PropertyGroup' && !runs) runs = childText(input.text, element, 'AzureFunctionsVersion') ?? containerPublishing(input, element);
    if (element.name === 'Sdk' || element.name === 'Import') {
      const named = attribute(input.text, element, element.name === 'Sdk' ? 'Name' : 'Sdk');
      if (named && DEPLOYABLE_SDKS.has(named.value.split('/')[0].toLowerCase())) runs = named;
      // the SDK is a technology as the root's `Sdk` attribute is (`Microsoft.NET.Sdk.Web`: ASP.NET Core), once per file
      const sdkName = named?.value.split('/')[0];
      if (named && sdkName && sdkName !== 'Microsoft.NET.Sdk' && !out.some((d) => d.name === sdkName)) {
        const dep = dependency(input, 'nuget', sdkName, named.start, named.start + sdkName.length, 'sdk');
        if (dep) out.push(dep);
      }
    }
    if (element.name !== 'PackageReference' && element.name !== 'PackageVersion' && element.name !== 'GlobalPackageReference') continue;
    const include = attribute(input.text, element, 'Include') ?? attribute(input.text, element, 'Update');
    if (!include) continue;
    const dep = dependency(input, 'nuget', include.value, include.start, include.end, element.name === 'PackageVersion' ? 'central version' : undefined);
    if (dep) out.push(dep);
  }
  const result: ManifestResult = { dependencies: out, problems };
  const project = /\.[a-z]+proj$/i.test(input.base);
  const sdkName = sdk?.value.split('/')[0].toLowerCase() ?? '';
  const tests = /[._-](tests?|unittests?|integrationtests?|specs?|benchmarks?)$/i.test(input.base.replace(/\.[a-z]+proj$/i, '')) || isTestFolder(input.folder);
  const deployable = sdk && DEPLOYABLE_SDKS.has(sdkName) ? sdk : runs;
  if (project && deployable && !isHost && !tests) {
    // an SDK without its version (`Microsoft.NET.Sdk.Web/8.0`), any other value whole (`acme/orders`)
    const range = input.lines.range(deployable.start, deployable.start + (deployable.value.startsWith('Microsoft.NET.Sdk') ? deployable.value.split('/')[0] : deployable.value).length);
    const id = aspireProjectId(input.base);
    result.services = [input.folder === '' ? serviceFact(input, '', range, 'dotnet', { root: true, project: id }) : serviceFact(input, folderServiceName(input.folder)!, range, 'dotnet', { fromPath: true, project: id })];
  }
  if (project) result.hints = { projects: [{ project: aspireProjectId(input.base), place: input.folder }] };
  return result;
}

/**
 * `packages.config`: `<packages><package id="Newtonsoft.Json" version="13.0.3" targetFramework="net48" /></packages>`.
 * Every `package` of the root `packages` is a dependency (a development dependency too: it is in
 * the build all the same), on its id.
 */
export function scanPackagesConfig(input: ScanInput): ManifestResult {
  const { root, problems } = parseXml(input);
  const out: ManifestDependency[] = [];
  if (!root || root.name !== 'packages') return { dependencies: out, problems };
  for (const { element } of elements(root)) {
    if (element.name !== 'package') continue;
    const id = attribute(input.text, element, 'id');
    if (!id) continue;
    const dep = dependency(input, 'nuget', id.value, id.start, id.end, attribute(input.text, element, 'developmentDependency')?.value === 'true' ? 'development' : undefined);
    if (dep) out.push(dep);
  }
  return { dependencies: out, problems };
}
