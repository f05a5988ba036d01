import { utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { clearLambdaPackageCache, packageLooksLikeLambda } from '../../../analysis/lambda-scope/package-verdict.js';
import { fileTrees } from '../../support/file-tree.js';

const tree = fileTrees('lambda-scope-');
beforeEach(() => clearLambdaPackageCache());

describe('package signals', () => {
  const lambdaDockerfile = [
    'FROM node:20-slim AS runner',
    'COPY --from=public.ecr.aws/awsguru/aws-lambda-adapter:0.9.1 /lambda-adapter /opt/extensions/lambda-adapter',
    'ENV PORT=3000 AWS_LWA_READINESS_CHECK_PATH=/api/health',
    'COPY .next/standalone ./',
    'CMD ["node", "server.js"]',
    '',
  ].join('\n');

  it('a Next.js app behind the Lambda Web Adapter: lib/prisma.ts is Lambda code', () => {
    const root = tree({
      'package.json': { name: 'web', dependencies: { next: '15.0.0', '@prisma/client': '6.19.0' } },
      Dockerfile: lambdaDockerfile,
      'lib/prisma.ts': '',
    });
    expect(packageLooksLikeLambda(join(root, 'lib/prisma.ts'))).toBe(true);
  });

  it.each([
    [{ dependencies: { 'serverless-http': '3.2.0' } }, true],
    [{ devDependencies: { '@types/aws-lambda': '8.10.150' } }, true],
    [{ dependencies: { '@middy/core': '5.0.0' } }, true],
    [{ dependencies: { '@aws-lambda-powertools/logger': '2.0.0' } }, true],
    [{ dependencies: { '@codegenie/serverless-express': '4.0.0' } }, true],
    [{ devDependencies: { serverless: '4.0.0' } }, true],
    [{ dependencies: { '@opennextjs/aws': '3.0.0' } }, true],
    [{ dependencies: { 'aws-lambda-ric': '3.0.0' } }, true],
    [{ dependencies: { sst: '3.9.0' } }, true],
    [{ devDependencies: { '@serverless-stack/resources': '1.18.0' } }, true],
    [{ dependencies: { next: '15.0.0', express: '5.0.0' } }, false],
    [{ dependencies: { 'aws-cdk-lib': '2.200.0', '@aws-sdk/client-s3': '3.0.0' } }, false],
    [{ name: 'app' }, false],
  ])('package.json %j -> %s', (manifest, expected) => {
    const root = tree({ 'package.json': { name: 'app', ...manifest }, 'src/index.ts': '' });
    expect(packageLooksLikeLambda(join(root, 'src/index.ts'))).toBe(expected);
  });

  it('an unparsable package.json is not Lambda and does not throw', () => {
    const root = tree({ 'package.json': '{ "dependencies": ', 'index.js': '' });
    expect(packageLooksLikeLambda(join(root, 'index.js'))).toBe(false);
  });

  it.each([
    ['Dockerfile', 'FROM public.ecr.aws/lambda/nodejs:20\nCOPY . ${LAMBDA_TASK_ROOT}\nCMD ["index.handler"]\n', true],
    ['Dockerfile', lambdaDockerfile, true],
    ['Dockerfile.lambda', lambdaDockerfile, true],
    ['web.Dockerfile', lambdaDockerfile, true],
    ['Containerfile', 'FROM amazon/aws-lambda-nodejs:20\n', true],
    ['Dockerfile', 'FROM node:20\nRUN npm install aws-lambda-ric\nENTRYPOINT ["npx", "aws-lambda-ric"]\n', true],
    ['Dockerfile', 'FROM node:20\nENV AWS_LWA_PORT=8080\n', true],
    ['Dockerfile', 'FROM node:20-alpine\nCOPY . .\nCMD ["node", "server.js"]\n', false],
    ['Dockerfile', '# FROM public.ecr.aws/lambda/nodejs:20\nFROM node:20\n', false],
    ['README.md', lambdaDockerfile, false],
  ])('%s beside package.json (%#) -> %s', (name, text, expected) => {
    const root = tree({ 'package.json': { name: 'app', dependencies: { next: '15.0.0' } }, [name]: text, 'lib/prisma.ts': '' });
    expect(packageLooksLikeLambda(join(root, 'lib/prisma.ts'))).toBe(expected);
  });

  it.each([
    ['serverless.yml', 'service: api\nprovider:\n  name: aws\n', true],
    ['serverless.ts', 'export default {};\n', true],
    ['open-next.config.ts', 'export default {};\n', true],
    ['template.yaml', 'Resources:\n  Fn:\n    Type: AWS::Serverless::Function\n', true],
    ['template.yaml', 'Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n', false],
  ])('%s beside package.json (%#) -> %s', (name, text, expected) => {
    const root = tree({ 'package.json': { name: 'app' }, [name]: text, 'src/db.ts': '' });
    expect(packageLooksLikeLambda(join(root, 'src/db.ts'))).toBe(expected);
  });

  it('a package.json that only sets the module type is not a package boundary', () => {
    const root = tree({
      'package.json': { name: 'fn', devDependencies: { '@types/aws-lambda': '8.10.0' } },
      'src/package.json': { type: 'module' },
      'src/db/prisma.ts': '',
    });
    expect(packageLooksLikeLambda(join(root, 'src/db/prisma.ts'))).toBe(true);
  });

  it('nested packages are judged by their own package.json', () => {
    const root = tree({
      'package.json': { name: 'backend', devDependencies: { '@types/aws-lambda': '8.10.0' } },
      'src/handler.ts': '',
      'tools/seed/package.json': { name: 'seed', dependencies: { '@prisma/client': '6.19.0' } },
      'tools/seed/index.ts': '',
      'tools/seed/nested/lambda/package.json': { name: 'nested-lambda', dependencies: { '@middy/core': '5.0.0' } },
      'tools/seed/nested/lambda/index.ts': '',
    });
    expect(packageLooksLikeLambda(join(root, 'src/handler.ts'))).toBe(true);
    expect(packageLooksLikeLambda(join(root, 'tools/seed/index.ts'))).toBe(false);
    expect(packageLooksLikeLambda(join(root, 'tools/seed/nested/lambda/index.ts'))).toBe(true);
  });

  it('no package.json anywhere up the tree is not Lambda', () => {
    // tmpdir has no package.json above it on any sane machine; the file's own folder has none.
    const root = tree({ 'loose/file.ts': '' });
    expect(packageLooksLikeLambda(join(root, 'loose/file.ts'))).toBe(false);
  });

  describe('monorepo', () => {
    function monorepo(rootDockerfile?: string): string {
      return tree({
        'package.json': {
          name: 'repo',
          private: true,
          workspaces: ['apps/*', 'packages/*'],
          devDependencies: { '@types/aws-lambda': '8.10.0' },
        },
        ...(rootDockerfile === undefined ? {} : { Dockerfile: rootDockerfile }),
        'apps/web/package.json': { name: 'web', dependencies: { next: '15.0.0' } },
        'apps/web/lib/prisma.ts': '',
        'apps/website/package.json': { name: 'website', dependencies: { next: '15.0.0' } },
        'apps/website/lib/prisma.ts': '',
        'packages/functions/package.json': { name: '@repo/functions', dependencies: { '@middy/core': '5.0.0' } },
        'packages/functions/src/lib/prisma.ts': '',
        'packages/db/package.json': { name: '@repo/db', dependencies: { '@prisma/client': '6.19.0' } },
        'packages/db/src/client.ts': '',
        'scripts/migrate.ts': '',
      });
    }

    it("the root's dependencies do not spill into workspace packages; the root's own files use them", () => {
      const root = monorepo();
      expect(packageLooksLikeLambda(join(root, 'apps/web/lib/prisma.ts'))).toBe(false);
      expect(packageLooksLikeLambda(join(root, 'packages/db/src/client.ts'))).toBe(false);
      expect(packageLooksLikeLambda(join(root, 'packages/functions/src/lib/prisma.ts'))).toBe(true);
      expect(packageLooksLikeLambda(join(root, 'scripts/migrate.ts'))).toBe(true);
    });

    it('a Lambda Dockerfile at the root counts for the package folder it copies, not its neighbours', () => {
      const root = monorepo(
        [
          'FROM node:20 AS build',
          'COPY . .',
          'RUN npm run build --workspace apps/web',
          'FROM node:20-slim',
          'COPY --from=public.ecr.aws/awsguru/aws-lambda-adapter:0.9.1 /lambda-adapter /opt/extensions/lambda-adapter',
          'COPY --from=build /app/apps/web/.next/standalone ./',
          '',
        ].join('\n'),
      );
      expect(packageLooksLikeLambda(join(root, 'apps/web/lib/prisma.ts'))).toBe(true);
      expect(packageLooksLikeLambda(join(root, 'apps/website/lib/prisma.ts'))).toBe(false);
      expect(packageLooksLikeLambda(join(root, 'packages/db/src/client.ts'))).toBe(false);
    });

    it('a turbo-pruned Lambda Dockerfile at the root counts for the pruned package', () => {
      const root = monorepo('FROM node:20 AS prune\nRUN npx turbo prune web --docker\nFROM public.ecr.aws/lambda/nodejs:20\n');
      expect(packageLooksLikeLambda(join(root, 'apps/web/lib/prisma.ts'))).toBe(true);
      expect(packageLooksLikeLambda(join(root, 'apps/website/lib/prisma.ts'))).toBe(false);
    });

    it('a root Dockerfile that is not Lambda does not count', () => {
      const root = monorepo('FROM node:20\nCOPY apps/web ./\nCMD ["node", "server.js"]\n');
      expect(packageLooksLikeLambda(join(root, 'apps/web/lib/prisma.ts'))).toBe(false);
    });

    it('pnpm workspaces are monorepos too', () => {
      const root = tree({
        'package.json': { name: 'repo', private: true },
        'pnpm-workspace.yaml': "packages:\n  - 'apps/*'\n",
        'docker/lambda.Dockerfile': 'x',
        Dockerfile: 'FROM public.ecr.aws/lambda/nodejs:20\nCOPY apps/api/dist ./\n',
        'apps/api/package.json': { name: 'api' },
        'apps/api/src/db.ts': '',
        'apps/admin/package.json': { name: 'admin' },
        'apps/admin/src/db.ts': '',
      });
      expect(packageLooksLikeLambda(join(root, 'apps/api/src/db.ts'))).toBe(true);
      expect(packageLooksLikeLambda(join(root, 'apps/admin/src/db.ts'))).toBe(false);
    });
  });

  describe('cache', () => {
    it('serves every file of a package from one verdict and sees an edited package.json', () => {
      const root = tree({ 'package.json': { name: 'app', dependencies: { next: '15.0.0' } }, 'a.ts': '', 'b/c.ts': '' });
      expect(packageLooksLikeLambda(join(root, 'a.ts'))).toBe(false);
      expect(packageLooksLikeLambda(join(root, 'b/c.ts'))).toBe(false);
      writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'app', devDependencies: { '@types/aws-lambda': '8.10.0' } }));
      // Make the edit visible even on a file system with coarse timestamps.
      const later = new Date(Date.now() + 10_000);
      utimesSync(join(root, 'package.json'), later, later);
      expect(packageLooksLikeLambda(join(root, 'b/c.ts'))).toBe(true);
    });

    it('sees a Dockerfile added or edited later', () => {
      const root = tree({ 'package.json': { name: 'app' }, 'a.ts': '' });
      expect(packageLooksLikeLambda(join(root, 'a.ts'))).toBe(false);
      writeFileSync(join(root, 'Dockerfile'), 'FROM node:20\n');
      const later = new Date(Date.now() + 10_000);
      utimesSync(root, later, later);
      expect(packageLooksLikeLambda(join(root, 'a.ts'))).toBe(false);
      writeFileSync(join(root, 'Dockerfile'), lambdaDockerfile);
      const evenLater = new Date(Date.now() + 20_000);
      utimesSync(join(root, 'Dockerfile'), evenLater, evenLater);
      expect(packageLooksLikeLambda(join(root, 'a.ts'))).toBe(true);
    });
  });
});
