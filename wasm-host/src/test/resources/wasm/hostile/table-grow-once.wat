;; Traps unless its table has its declared initial size (1), then grows it by 100.
;; Expected: every instance starts with the declared size, whatever earlier instances grew.
(module
  (memory (export "memory") 1)
  (data (i32.const 16) "{}")
  (table $t 1 funcref)
  (func (export "alloc") (param $len i32) (result i32) (i32.const 1024))
  (func (export "on_connect") (param $ptr i32) (param $len i32) (result i64)
    (if (i32.ne (table.size $t) (i32.const 1)) (then unreachable))
    (drop (table.grow $t (ref.null func) (i32.const 100)))
    (i64.or (i64.shl (i64.const 16) (i64.const 32)) (i64.const 2))))
