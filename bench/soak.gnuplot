# The plot of bench/soak.sh: gnuplot -e "csv='samples.csv'; png='soak.png'" bench/soak.gnuplot
set datafile separator ","
set terminal pngcairo size 900,600 font ",9"
set output png
set key off
set grid
set xlabel "minutes"
set multiplot layout 2,2 title "HelloServer soak (bench/soak.sh)"
set title "RSS (MiB)"
plot csv using ($1/60):($2/1024) every ::1 with linespoints pointtype 7 pointsize 0.4
set title "heap after a full GC (MiB)"
plot csv using ($1/60):($3/1024) every ::1 with linespoints pointtype 7 pointsize 0.4
set title "open fds"
plot csv using ($1/60):4 every ::1 with linespoints pointtype 7 pointsize 0.4
set title "threads"
plot csv using ($1/60):5 every ::1 with linespoints pointtype 7 pointsize 0.4
unset multiplot
