// A first program of a new user of the Harness.Multiprocessing package: a child process, a queue
// between processes, a pool, and a lock around a shared value. Each line it prints is checked by
// check.sh; a line that is missing or different fails the package test.
using Harness;

var p = Mp.Process(Job, 1, 2);
p.Start();
if (!p.Join(TimeSpan.FromSeconds(60)))
{
    throw new TimeoutException("the child did not exit within 60 s");
}
Console.WriteLine($"process: exit {p.ExitCode}, printed '{p.Output.Trim()}'");

using (var q = Mp.Queue<long>())
{
    var workers = new[] { Mp.Process(Sum, q, 1000), Mp.Process(Sum, q, 1000) };
    foreach (var w in workers) w.Start();
    long total = q.Get(TimeSpan.FromSeconds(60)) + q.Get(TimeSpan.FromSeconds(60));
    foreach (var w in workers) w.Join(TimeSpan.FromSeconds(60));
    Console.WriteLine($"queue: {total}");
}

using (var pool = Mp.Pool(2))
{
    List<int> squares = pool.Map(Square, Enumerable.Range(0, 10));
    int four = pool.ApplyAsync(Square, 2).Get(TimeSpan.FromSeconds(60));
    Console.WriteLine($"pool: [{string.Join(", ", squares)}] {four}");
}

using (var counter = Mp.Value(0))
using (var l = Mp.Lock())
{
    var adders = new[] { Mp.Process(Add, counter, 1, l), Mp.Process(Add, counter, 3, l) };
    foreach (var a in adders) a.Start();
    foreach (var a in adders) a.Join(TimeSpan.FromSeconds(60));
    Console.WriteLine($"lock: {counter.Value}");
}

static void Job(int a, int d) => Console.WriteLine("aaa");

static int Square(int x) => x * x;

static void Sum(MpQueue<long> q, int n)
{
    long res = 0;
    for (long i = 0; i < n; i++)
    {
        res += i + i * i + i * i * i;
    }
    q.Put(res);
}

static void Add(SharedValue<int> v, int num, MpLock l)
{
    using (l.Hold())
    {
        for (int i = 0; i < 10; i++)
        {
            v.Value += num;
        }
    }
}
