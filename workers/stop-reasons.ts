// Why the worker stops a running task, carried as the abort signal's reason. A GracefulStop (its
// time limit, the worker's shutdown) gives the task time to save its state so that the next attempt
// continues from it; anything else (a user's cancel, a lost claim) stops it at once.
export class GracefulStop extends Error {}

export class TimeLimitReached extends GracefulStop {
  constructor(public seconds: number) {
    super(`the attempt reached its time limit of ${seconds} s`)
    this.name = 'TimeLimitReached'
  }
}

export class WorkerShutdown extends GracefulStop {
  constructor() {
    super('the worker is shutting down')
    this.name = 'WorkerShutdown'
  }
}
