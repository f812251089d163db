package io.signpost.wasm.internal;

import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import com.dylibso.chicory.runtime.ExecutionListener;
import com.dylibso.chicory.runtime.MStack;
import com.dylibso.chicory.wasm.types.Instruction;

/**
 * Makes Chicory's interpreter stop on thread interruption at every instruction. Chicory 1.7.5's
 * interpreter checks interruption only on some instructions, so a loop closed by {@code br_if} or
 * {@code br_table} would otherwise run past its time limit. Compiled code checks on its own and
 * never calls the listener.
 */
final class InterruptCheck implements ExecutionListener {
  static final InterruptCheck INSTANCE = new InterruptCheck();

  private InterruptCheck() {}

  @Override
  public void onExecution(Instruction instruction, MStack stack) {
    if (Thread.currentThread().isInterrupted()) {
      throw new ChicoryInterruptedException("Thread interrupted");
    }
  }
}
