#!/bin/bash
# pg_virtualenv with a UTF-8 cluster whatever the caller's locale: with LANG
# unset (a fresh root login, a minimal container) pg_virtualenv would create a
# SQL_ASCII cluster, which validates no encoding.  C.UTF-8 is in every Debian
# libc; it sorts like C.  Options and command as for pg_virtualenv, e.g.
#   bash test/pg_virtualenv.sh -t make installcheck
exec pg_virtualenv -c "--encoding=UTF8 --locale=C.UTF-8" "$@"
