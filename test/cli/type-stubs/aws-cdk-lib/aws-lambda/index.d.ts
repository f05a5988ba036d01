import type { Construct } from 'constructs';
import { Duration, Resource } from '../index';
import type { Connections, IConnectable, IVpc, SubnetSelection } from '../aws-ec2';

export declare class Runtime {
  static readonly NODEJS_18_X: Runtime;
  static readonly NODEJS_20_X: Runtime;
  static readonly NODEJS_22_X: Runtime;
  readonly name: string;
}

export declare class Architecture {
  static readonly ARM_64: Architecture;
  static readonly X86_64: Architecture;
  readonly name: string;
}

export interface FunctionOptions {
  readonly description?: string;
  readonly timeout?: Duration;
  readonly environment?: { [key: string]: string };
  readonly functionName?: string;
  readonly memorySize?: number;
  readonly vpc?: IVpc;
  readonly vpcSubnets?: SubnetSelection;
  readonly architecture?: Architecture;
  readonly reservedConcurrentExecutions?: number;
}

export interface IFunction extends IConnectable {
  readonly functionName: string;
  readonly functionArn: string;
}

export declare class Function extends Resource implements IFunction {
  readonly functionName: string;
  readonly functionArn: string;
  readonly connections: Connections;
  readonly runtime: Runtime;
  addEnvironment(key: string, value: string): this;
  constructor(scope: Construct, id: string, props: FunctionOptions & { runtime: Runtime; handler: string; code: unknown });
}
