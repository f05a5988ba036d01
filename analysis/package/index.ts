/**
 * The package a file belongs to: its nearest package.json (module format, dependencies),
 * the Prisma major it pins, the database its Prisma schema names, and this package's own
 * name and version.
 */
export { clearNearestPackageCache, isModulePackage, nearestPackage, packageDependsOn, type PackageInfo } from './nearest-package.js';
export { clearDatasourceCache, datasourceProviderInSchema, datasourceProviderOf, nonAuroraDatasourceFor } from './datasource.js';
export { ownPackage, type OwnPackage } from './own-package.js';
export {
  MIN_RUNTIME_MAJOR,
  majorOfVersionRange,
  prismaMajorOfManifest,
  prismaMajorVersion,
  prismaVersionOf,
  retryExtensionBlocker,
  retryExtensionBlockerFor,
  runtimePackageBlocker,
  versionOfRange,
  type PrismaVersion,
} from './prisma-version.js';
