;; Returns a response pointer far outside its one page of memory.
(module
  (memory (export "memory") 1)
  (func (export "alloc") (param $len i32) (result i32) (i32.const 1024))
  (func (export "on_connect") (param $ptr i32) (param $len i32) (result i64)
    (i64.or (i64.shl (i64.const 0xFFFF0000) (i64.const 32)) (i64.const 10))))
