/**
 * .NET: `*.csproj`, `*.fsproj`, `*.vbproj` `<PackageReference Include="…">` (or `Update`), central
 * package management's `Directory.Packages.props` `<PackageVersion Include="…">`, and the project
 * SDK (`<Project Sdk="Microsoft.NET.Sdk.Web">` is ASP.NET Core), on the attribute's value.
 */
import type { ScanInput } from '../scanUtil';
import type { ManifestDependency } from '../types';
import { dependency, type Problems } from './common';
import { attribute, elements, parseXml } from './xml';

export function scanMsBuild(input: ScanInput): { dependencies: ManifestDependency[]; problems: Problems } {
  const { root, problems } = parseXml(input);
  const out: ManifestDependency[] = [];
  if (!root) return { dependencies: out, problems };
  const sdk = root.name === 'Project' ? attribute(input.text, root, 'Sdk') : undefined;
  if (sdk && sdk.value !== 'Microsoft.NET.Sdk') {
    const name = sdk.value.split('/')[0];
    const dep = dependency(input, 'nuget', name, sdk.start, sdk.start + name.length, 'sdk');
    if (dep) out.push(dep);
  }
  for (const { element } of elements(root)) {
    if (element.name !== 'PackageReference' && element.name !== 'PackageVersion' && element.name !== 'GlobalPackageReference') continue;
    const include = attribute(input.text, element, 'Include') ?? attribute(input.text, element, 'Update');
    if (!include) continue;
    const dep = dependency(input, 'nuget', include.value, include.start, include.end, element.name === 'PackageVersion' ? 'central version' : undefined);
    if (dep) out.push(dep);
  }
  return { dependencies: out, problems };
}
