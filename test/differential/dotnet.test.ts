/**
 * .NET project files against a generated corpus. MSBuild (the `dotnet` SDK) cannot be installed on
 * this machine (Debian's archive has no .NET SDK and no other package source is reachable), so the
 * expected lists are written by the generator as it writes each file, independently of the
 * scanner: `PackageReference` in every form (Include or Update, the version as an attribute or an
 * element, conditions on the item or its group, attributes over several lines, comments, other
 * items around it), central package management's `PackageVersion` and `GlobalPackageReference`,
 * and the project SDK when it is not the plain one; and the packages.config of .NET Framework
 * projects.
 */
import * as assert from 'assert';
import { explain, Random, scannedNames } from './tools';

const PACKAGES = ['Microsoft.EntityFrameworkCore', 'Npgsql.EntityFrameworkCore.PostgreSQL', 'StackExchange.Redis', 'MassTransit', 'MassTransit.RabbitMQ', 'Hangfire.AspNetCore', 'Serilog.AspNetCore', 'Dapper', 'MediatR', 'Confluent.Kafka', 'MongoDB.Driver', 'Swashbuckle.AspNetCore', 'xunit', 'Moq', 'FluentAssertions', 'Grpc.AspNetCore', 'Aspire.Hosting.AppHost', 'Microsoft.Data.SqlClient', 'Polly', 'AutoMapper'];
const SDKS = ['Microsoft.NET.Sdk', 'Microsoft.NET.Sdk.Web', 'Microsoft.NET.Sdk.Worker', 'Microsoft.NET.Sdk.Razor', 'Aspire.AppHost.Sdk/9.1.0'];

function reference(r: Random, element: string, name: string): string {
  const attr = element === 'PackageReference' && r.chance(0.15) ? 'Update' : 'Include';
  const condition = r.chance(0.1) ? ` Condition="'$(TargetFramework)' == 'net8.0'"` : '';
  const form = r.int(4);
  if (form === 0) return `    <${element} ${attr}="${name}" Version="${1 + r.int(8)}.${r.int(10)}.0"${condition} />`;
  if (form === 1) return `    <${element} ${attr}="${name}"${condition}>\n      <Version>${1 + r.int(8)}.0.0</Version>\n      <PrivateAssets>all</PrivateAssets>\n    </${element}>`;
  if (form === 2) return `    <${element}\n      ${attr}="${name}"\n      Version="[${1 + r.int(8)}.0,)"${condition} />`;
  return `    <${element} ${attr}='${name}' />`;
}

/** A project file and the names it declares, written side by side. */
function project(r: Random): { text: string; expected: string[] } {
  const expected: string[] = [];
  const sdk = r.pick(SDKS);
  if (sdk !== 'Microsoft.NET.Sdk') expected.push(sdk.split('/')[0]);
  const out = [`<Project Sdk="${sdk}">`, '', '  <PropertyGroup>', '    <TargetFramework>net8.0</TargetFramework>', '    <Nullable>enable</Nullable>', '  </PropertyGroup>', ''];
  for (let g = 0; g < 1 + r.int(3); g++) {
    out.push(r.chance(0.2) ? `  <ItemGroup Condition="'$(Configuration)' == 'Debug'">` : '  <ItemGroup>');
    if (r.chance(0.3)) out.push('    <!-- <PackageReference Include="Commented.Out" Version="1.0.0" /> -->');
    if (r.chance(0.3)) out.push('    <ProjectReference Include="..\\Shop.Domain\\Shop.Domain.csproj" />');
    for (const name of r.some(PACKAGES, 1 + r.int(5))) {
      out.push(reference(r, 'PackageReference', name));
      expected.push(name);
    }
    if (r.chance(0.2)) out.push('    <PackageReference Remove="Removed.Package" />');
    if (r.chance(0.2)) out.push('    <Compile Remove="Legacy\\**" />');
    out.push('  </ItemGroup>', '');
  }
  out.push('</Project>', '');
  return { text: out.join(r.chance(0.2) ? '\r\n' : '\n'), expected };
}

function centralVersions(r: Random): { text: string; expected: string[] } {
  const expected: string[] = [];
  const out = ['<Project>', '  <PropertyGroup>', '    <ManagePackageVersionsCentrally>true</ManagePackageVersionsCentrally>', '  </PropertyGroup>', '  <ItemGroup>'];
  for (const name of r.some(PACKAGES, 2 + r.int(8))) {
    out.push(reference(r, 'PackageVersion', name).replace(' Update=', ' Include='));
    expected.push(name);
  }
  if (r.chance(0.5)) {
    out.push('    <GlobalPackageReference Include="Nerdbank.GitVersioning" Version="3.6.133" />');
    expected.push('Nerdbank.GitVersioning');
  }
  out.push('  </ItemGroup>', '</Project>', '');
  return { text: out.join('\n'), expected };
}

/**
 * A .NET Framework project's packages.config as NuGet writes it (one `package` per line, the
 * attributes in any order, `developmentDependency`, `allowedVersions`), with the shapes people add
 * by hand: an entry over several lines, single quotes, a commented-out package, a BOM, CRLF.
 */
function packagesConfig(r: Random): { text: string; expected: string[] } {
  const expected: string[] = [];
  const out = [`${r.chance(0.2) ? '\uFEFF' : ''}<?xml version="1.0" encoding="utf-8"?>`, '<packages>'];
  for (const name of r.some(PACKAGES, 1 + r.int(8))) {
    if (r.chance(0.15)) out.push(`  <!-- <package id="Old.${name}" version="1.0.0" /> -->`);
    const version = `${1 + r.int(9)}.${r.int(10)}.${r.int(10)}`;
    const attrs = [`id="${name}"`, `version="${version}"`, `targetFramework="net4${r.pick(['5', '61', '72', '8'])}"`];
    if (r.chance(0.2)) attrs.push('developmentDependency="true"');
    if (r.chance(0.1)) attrs.push(`allowedVersions="[${version},${2 + r.int(9)})"`);
    const ordered = r.chance(0.3) ? [attrs[1], attrs[0], ...attrs.slice(2)] : attrs;
    const form = r.int(5);
    if (form === 0) out.push(`  <package\n      ${ordered.join('\n      ')} />`);
    else if (form === 1) out.push(`  <package ${ordered.join(' ').replace(/"/g, "'")} />`);
    else if (form === 2) out.push(`  <package ${ordered.join(' ')}></package>`);
    else out.push(`  <package ${ordered.join(' ')} />`);
    expected.push(name);
  }
  out.push('</packages>', '');
  return { text: out.join(r.chance(0.3) ? '\r\n' : '\n'), expected };
}

suite('differential: .NET project files against a generated corpus (MSBuild is not installable here)', () => {
  test('200 generated project files and 50 Directory.Packages.props: the names written, in order', () => {
    const r = new Random(5);
    let compared = 0;
    for (let i = 0; i < 250; i++) {
      const file = i < 200 ? { rel: `src/P${i}/P${i}.csproj`, ...project(r) } : { rel: 'Directory.Packages.props', ...centralVersions(r) };
      const scanned = scannedNames(file.rel, file.text);
      assert.deepStrictEqual(scanned, file.expected, explain(file.rel, file.text, scanned, file.expected));
      compared += file.expected.length;
    }
    assert.ok(compared > 800, `compared ${compared} names`);
  });

  test('150 generated packages.config files (NuGet before PackageReference): the ids written, in order', () => {
    const r = new Random(6);
    let compared = 0;
    for (let i = 0; i < 150; i++) {
      const file = { rel: `src/Legacy${i}/packages.config`, ...packagesConfig(r) };
      const scanned = scannedNames(file.rel, file.text);
      assert.deepStrictEqual(scanned, file.expected, explain(file.rel, file.text, scanned, file.expected));
      compared += file.expected.length;
    }
    assert.ok(compared > 500, `compared ${compared} names`);
  });
});
