module kompeten/bench/loadgen

go 1.22
