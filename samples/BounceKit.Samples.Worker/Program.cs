using BounceKit.Samples.Worker;

HostApplicationBuilder builder = Host.CreateApplicationBuilder(args);
builder.Services.AddBounceKit(builder.Configuration.GetSection("BounceKit"));
builder.Services.AddHostedService<BounceWorker>();
await builder.Build().RunAsync();
