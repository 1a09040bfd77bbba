using FeedHub.Publishing.Requests;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace FeedHub.Worker.Feeds;

/// <summary>The feeds read their query string strictly (FeedQueryParser) rather than through
/// parameter binding, so the OpenAPI document learns their parameters from here.</summary>
internal static class FeedQueryParameters
{
    private static readonly (string Name, string Description, JsonSchemaType Type)[] Parameters =
    [
        ("tag", $"Stories of sources or with categories carrying this tag (repeatable, any matches; at most {FeedQueryParser.MaxTags}).", JsonSchemaType.String),
        ("source", $"Stories carried by this source id (repeatable, any matches; at most {FeedQueryParser.MaxSources}).", JsonSchemaType.Integer),
        ("q", $"Words that must all appear in the title, summary or content (at most {FeedQueryParser.MaxWords} words, {FeedQueryParser.MaxQueryLength} characters).", JsonSchemaType.String),
        ("since", "Only stories published at or after this time (ISO 8601).", JsonSchemaType.String),
        ("limit", "How many stories (default FeedHub:Publishing:DefaultLimit, at most MaxLimit).", JsonSchemaType.Integer),
        ("before", "The page after this cursor, as given by the feed's RFC 5005 next link.", JsonSchemaType.String),
    ];

    public static Task AddAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        operation.Parameters ??= [];
        foreach ((string name, string description, JsonSchemaType type) in Parameters)
        {
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = name,
                In = ParameterLocation.Query,
                Description = description,
                Schema = new OpenApiSchema { Type = type },
            });
        }

        return Task.CompletedTask;
    }
}
