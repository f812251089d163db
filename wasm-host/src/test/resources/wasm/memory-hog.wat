;; Grows its memory by 64 pages (4 MiB) per call and traps when growth is refused.
(module
  (memory (export "memory") 1)
  (data (i32.const 16) "{}")
  (func (export "alloc") (param $len i32) (result i32) (i32.const 1024))
  (func (export "on_connect") (param $ptr i32) (param $len i32) (result i64)
    (if (i32.eq (memory.grow (i32.const 64)) (i32.const -1)) (then unreachable))
    (i64.or (i64.shl (i64.const 16) (i64.const 32)) (i64.const 2))))
