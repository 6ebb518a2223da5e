using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace Gantry.Server.Monitoring;

internal static class MonitoringRegistration
{
    /// <summary>Metrics (the Gantry meter and its Prometheus exporter), GPU telemetry and job metrics.</summary>
    public static IServiceCollection AddGantryMonitoring(this IServiceCollection services)
    {
        services.AddOptions<MonitoringOptions>().BindConfiguration("Monitoring");
        var meterName = GantryMetrics.ReserveName();
        services.AddSingleton(_ => new GantryMetrics(meterName));
        services.AddSingleton<MonitoringHooks>();
        services.AddSingleton<TelemetryStore>();
        services.AddSingleton<TelemetryCollector>();
        services.AddHostedService(sp => sp.GetRequiredService<TelemetryCollector>());
        services.AddSingleton<JobMetricsStore>();
        services.AddSingleton<JobMetricsTailer>();
        services.AddHostedService(sp => sp.GetRequiredService<JobMetricsTailer>());
        services.AddSingleton<MonitoringGauges>();

        // Prometheus reads /metrics at its own pace; an answer cached by the exporter would hide changes.
        services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("gantry"))
            .WithMetrics(metrics => metrics
                .AddMeter(meterName)
                .AddPrometheusExporter(o =>
                {
                    o.ScrapeResponseCacheDurationMilliseconds = 0;
                    o.DisableTotalNameSuffixForCounters = true;
                }));
        return services;
    }
}
