/**
 * Input errors of the evaluation layer (a bad sweep, shard, profile or search argument): the CLI turns them
 * into exit code 104 with the message as written, which names the file, line and field where there is one.
 */
export class EvaluateInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "EvaluateInputError";
  }
}
