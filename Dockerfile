# syntax=docker/dockerfile:1
# Build: SDK image restores (props and project files first, for layer caching) and publishes.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig NetTroubleCms.sln ./
COPY src/NetTroubleCms.Content/NetTroubleCms.Content.csproj src/NetTroubleCms.Content/
COPY src/NetTroubleCms.Web/NetTroubleCms.Web.csproj src/NetTroubleCms.Web/
# For the image's own runtime, so the publish is precompiled (ReadyToRun): faster start and faster CLI verbs.
RUN dotnet restore src/NetTroubleCms.Web/NetTroubleCms.Web.csproj --use-current-runtime
COPY src/ src/
COPY recipes/ recipes/
RUN dotnet publish src/NetTroubleCms.Web/NetTroubleCms.Web.csproj -c Release --use-current-runtime --self-contained false -o /app --no-restore

# Run: ASP.NET runtime only, as the image's non-root user, data on a volume.
FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app ./
ENV ASPNETCORE_URLS=http://+:8080 \
    ASPNETCORE_ENVIRONMENT=Production \
    Cms__DataDirectory=/data
RUN mkdir -p /data && chown app:app /data
VOLUME ["/data"]
USER app
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=3s --start-period=20s --retries=3 \
  CMD ["dotnet", "NetTroubleCms.Web.dll", "health", "http://127.0.0.1:8080/health/live"]
ENTRYPOINT ["dotnet", "NetTroubleCms.Web.dll"]
