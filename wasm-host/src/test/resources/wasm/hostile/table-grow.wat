;; Four funcref tables, each grown by 10,000,000 elements per call; traps when growth is refused.
;; Expected: every call fails with "table limit reached", nothing is allocated.
(module
  (memory (export "memory") 1)
  (data (i32.const 16) "{}")
  (table $t0 1 funcref) (table $t1 1 funcref) (table $t2 1 funcref) (table $t3 1 funcref)
  (func (export "alloc") (param $len i32) (result i32) (i32.const 1024))
  (func $grow (param $r i32)
    (if (i32.eq (local.get $r) (i32.const -1)) (then unreachable)))
  (func (export "on_connect") (param $ptr i32) (param $len i32) (result i64)
    (call $grow (table.grow $t0 (ref.null func) (i32.const 10000000)))
    (call $grow (table.grow $t1 (ref.null func) (i32.const 10000000)))
    (call $grow (table.grow $t2 (ref.null func) (i32.const 10000000)))
    (call $grow (table.grow $t3 (ref.null func) (i32.const 10000000)))
    (i64.or (i64.shl (i64.const 16) (i64.const 32)) (i64.const 2))))
