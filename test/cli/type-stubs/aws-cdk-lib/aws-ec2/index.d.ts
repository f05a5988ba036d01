import type { Construct, IConstruct } from 'constructs';
import { Resource } from '../index';

export declare class Port {
  static tcp(port: number): Port;
  static allTcp(): Port;
}

export interface IConnectable {
  readonly connections: Connections;
}

export declare class Connections implements IConnectable {
  readonly connections: Connections;
  allowFrom(other: IConnectable, portRange: Port, description?: string): void;
  allowTo(other: IConnectable, portRange: Port, description?: string): void;
  allowDefaultPortFrom(other: IConnectable, description?: string): void;
}

export declare enum SubnetType {
  PRIVATE_ISOLATED = 'Isolated',
  PRIVATE_WITH_EGRESS = 'Private',
  PUBLIC = 'Public',
}

export interface SubnetSelection {
  readonly subnetType?: SubnetType;
  readonly onePerAz?: boolean;
}

export interface IVpc extends IConstruct {
  readonly vpcId: string;
}

export interface VpcProps {
  readonly maxAzs?: number;
  readonly natGateways?: number;
  readonly vpcName?: string;
}

export declare class Vpc extends Resource implements IVpc {
  readonly vpcId: string;
  constructor(scope: Construct, id: string, props?: VpcProps);
}

export interface ISecurityGroup extends IConstruct, IConnectable {
  readonly securityGroupId: string;
}

export interface SecurityGroupProps {
  readonly vpc: IVpc;
  readonly securityGroupName?: string;
  readonly description?: string;
  readonly allowAllOutbound?: boolean;
}

export declare class SecurityGroup extends Resource implements ISecurityGroup {
  readonly securityGroupId: string;
  readonly connections: Connections;
  constructor(scope: Construct, id: string, props: SecurityGroupProps);
}
