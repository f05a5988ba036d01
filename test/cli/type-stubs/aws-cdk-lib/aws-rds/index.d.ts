import type { Construct } from 'constructs';
import { Duration, RemovalPolicy, Resource } from '../index';
import type { Connections, IConnectable, ISecurityGroup, IVpc, SubnetSelection } from '../aws-ec2';
import type { ISecret } from '../aws-secretsmanager';

export interface IClusterEngine {
  readonly engineType: string;
}

export declare class AuroraPostgresEngineVersion {
  static readonly VER_15_8: AuroraPostgresEngineVersion;
  static readonly VER_16_4: AuroraPostgresEngineVersion;
  static readonly VER_16_6: AuroraPostgresEngineVersion;
  static of(auroraPostgresFullVersion: string, auroraPostgresMajorVersion: string): AuroraPostgresEngineVersion;
  readonly auroraPostgresFullVersion: string;
  readonly auroraPostgresMajorVersion: string;
}

export interface AuroraPostgresClusterEngineProps {
  readonly version: AuroraPostgresEngineVersion;
}

export declare class DatabaseClusterEngine {
  static auroraPostgres(props: AuroraPostgresClusterEngineProps): IClusterEngine;
}

export interface IClusterInstance {
  readonly instanceIdentifier?: string;
}

export interface ServerlessV2ClusterInstanceProps {
  readonly autoMinorVersionUpgrade?: boolean;
  readonly scaleWithWriter?: boolean;
  readonly publiclyAccessible?: boolean;
}

export declare class ClusterInstance {
  static serverlessV2(id: string, props?: ServerlessV2ClusterInstanceProps): IClusterInstance;
}

export interface CredentialsFromUsernameOptions {
  readonly secretName?: string;
  readonly excludeCharacters?: string;
}

export declare abstract class Credentials {
  static fromGeneratedSecret(username: string, options?: CredentialsFromUsernameOptions): Credentials;
  abstract readonly username: string;
}

export declare class Endpoint {
  readonly hostname: string;
  readonly port: number;
  readonly socketAddress: string;
}

export interface DatabaseClusterProps {
  readonly engine: IClusterEngine;
  readonly vpc?: IVpc;
  readonly vpcSubnets?: SubnetSelection;
  readonly securityGroups?: ISecurityGroup[];
  readonly writer?: IClusterInstance;
  readonly readers?: IClusterInstance[];
  readonly serverlessV2MinCapacity?: number;
  readonly serverlessV2MaxCapacity?: number;
  readonly serverlessV2AutoPauseDuration?: Duration;
  readonly parameters?: { [key: string]: string };
  readonly defaultDatabaseName?: string;
  readonly credentials?: Credentials;
  readonly removalPolicy?: RemovalPolicy;
  readonly storageEncrypted?: boolean;
}

export declare class DatabaseCluster extends Resource implements IConnectable {
  readonly clusterIdentifier: string;
  readonly clusterEndpoint: Endpoint;
  readonly connections: Connections;
  readonly secret?: ISecret;
  constructor(scope: Construct, id: string, props: DatabaseClusterProps);
}
