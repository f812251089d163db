package io.signpost.wasm.internal;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.InterpreterMachine;
import com.dylibso.chicory.runtime.MStack;
import com.dylibso.chicory.runtime.StackFrame;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.types.FunctionBody;
import com.dylibso.chicory.wasm.types.FunctionType;
import java.util.Deque;

/**
 * Chicory's interpreter with a bound on the memory of its call stack. The interpreter keeps each
 * call's parameters and locals in a frame on the heap, so deep recursion through a function with
 * many locals would otherwise allocate until the router runs out of memory long before the Java
 * stack overflows. Frames and the operand stack are counted in value slots (8 bytes each) across
 * the whole call stack; a call that would pass {@link #MAX_FRAME_SLOTS} fails with "call stack
 * exhausted". Confined to the thread that owns the instance, like the instance.
 */
final class BoundedInterpreter extends InterpreterMachine {
  /** Slots of all frames together: 2 Mi slots, 16 MiB. */
  static final long MAX_FRAME_SLOTS = 2L << 20;

  private long slots;

  BoundedInterpreter(Instance instance) {
    super(instance);
  }

  @Override
  protected long[] call(
      MStack stack,
      Instance instance,
      Deque<StackFrame> callStack,
      int funcId,
      long[] args,
      FunctionType callType,
      boolean popResults) {
    long frame = frameSlots(instance, funcId);
    if (frame > MAX_FRAME_SLOTS - slots - stack.size()) {
      throw new ChicoryException(
          "call stack exhausted: frames need more than "
              + (MAX_FRAME_SLOTS * 8 >> 20)
              + " MiB of locals");
    }
    slots += frame;
    try {
      return super.call(stack, instance, callStack, funcId, args, callType, popResults);
    } finally {
      slots -= frame;
    }
  }

  /** Parameters, locals and the frame's own bookkeeping, in slots. */
  private static long frameSlots(Instance instance, int funcId) {
    FunctionBody body = instance.function(funcId);
    int locals = body == null ? 0 : body.localTypes().size();
    return 4L + instance.type(instance.functionType(funcId)).params().size() + locals;
  }
}
