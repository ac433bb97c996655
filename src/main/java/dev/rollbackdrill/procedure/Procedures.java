package dev.rollbackdrill.procedure;

import dev.rollbackdrill.scenario.Rollback;

/** Makes the {@link RollbackProcedure} a scenario's {@code rollback:} section names. */
public final class Procedures {
  private Procedures() {}

  public static RollbackProcedure of(Rollback spec) {
    return switch (spec.procedure()) {
      case ROLLOUT_UNDO -> {
        if (spec.to() == null) {
          yield new RolloutUndo(RolloutUndo.To.PREVIOUS, 0);
        }
        yield switch (spec.to()) {
          case PREVIOUS -> new RolloutUndo(RolloutUndo.To.PREVIOUS, 0);
          case LAST_KNOWN_GOOD -> new RolloutUndo(RolloutUndo.To.LAST_KNOWN_GOOD, 0);
          case REVISION -> new RolloutUndo(RolloutUndo.To.REVISION, spec.revision());
          case CHANGE_CAUSE -> new RolloutUndo(RolloutUndo.To.CHANGE_CAUSE, 0, spec.changeCause());
          case IMAGE -> new RolloutUndo(RolloutUndo.To.IMAGE, 0, spec.image());
        };
      }
      case COMMAND -> new RunbookCommand(spec.run());
      case BLUE_GREEN_SWITCH -> new BlueGreenSwitch();
      case KILL_SWITCH -> new KillSwitch();
      case ROLL_FORWARD -> new RollForward(spec.image(), spec.env());
      case CANARY_ABORT -> new CanaryAbort();
      case AUTOMATIC -> new AutomaticRollback();
    };
  }
}
