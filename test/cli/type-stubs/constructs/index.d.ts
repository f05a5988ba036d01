export interface IConstruct {
  readonly node: Node;
}

export declare class Node {
  readonly id: string;
  readonly path: string;
  readonly scope?: IConstruct;
  addDependency(...deps: IConstruct[]): void;
}

export declare class Construct implements IConstruct {
  static isConstruct(x: any): x is Construct;
  readonly node: Node;
  constructor(scope: Construct, id: string);
  toString(): string;
}
